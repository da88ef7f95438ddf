//! The legacy HTTP+SSE connector (protocol 2024-11-05): a GET opens an event
//! stream whose first `endpoint` event names where to POST; every answer
//! arrives on the stream.

use hyper::body::Bytes;
use hyper::Uri;
use tokio::sync::mpsc;

use super::common::{fail_refused, fail_request, parse_url, request_id, Spawned, Tasks};
use super::wire::{self, EventReader};
use crate::client::attached::Attached;
use crate::client::oauth::{self, Authorized, Refused};
use crate::client::server_link::ServerLink;
use crate::client::{Client, ClientOptions, Error};

/// Opens the stream, waits for the endpoint, and initializes. A server
/// whose stream ends on the era probe gets a new stream and `initialize`.
pub(crate) async fn connect(url: &str, options: ClientOptions) -> Result<Client, Error> {
    crate::client::lifecycle::connect_surviving_the_probe(options, |options| connect_once(url, options)).await
}

async fn connect_once(url: &str, options: ClientOptions) -> Result<Client, Error> {
    let uri = parse_url(url, &options)?;
    let server = options.server_name.clone();
    let protocol = |detail: String| Error::Protocol { server: server.clone(), detail };
    let mut headers = options.http_headers.clone();
    headers.push(("Accept".into(), "text/event-stream".into()));
    let auth = options.oauth.clone().map(|oauth| std::sync::Arc::new(Authorized::new(oauth, &uri)));
    let response = match oauth::send(auth.as_deref(), "GET", &uri, &headers, Bytes::new()).await {
        Ok(response) => response,
        Err(Refused::Unreachable(detail)) => return Err(protocol(detail)),
        Err(Refused::Unauthorized(error)) => return Err(Error::Authorization { server, detail: error.to_string() }),
    };
    if !response.status().is_success() || !wire::is_event_stream(&response) {
        return Err(protocol(format!("GET {uri} answered {} without an event stream", response.status())));
    }
    let mut events = EventReader::new(response.into_body(), options.max_message_bytes);
    let endpoint = tokio::time::timeout(options.timeout, async {
        while let Some(event) = events.next().await {
            if event.name == "endpoint" {
                return Some(event.data);
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
    .ok_or_else(|| protocol(format!("GET {uri} sent no `endpoint` event")))?;
    let endpoint = resolve(&uri, endpoint.trim()).ok_or_else(|| protocol(format!("bad endpoint `{endpoint}`")))?;
    if !same_origin(&uri, &endpoint) {
        // The stream's token, and every message, would go there.
        return Err(protocol(format!("the `endpoint` event names another origin ({endpoint}); refused")));
    }

    let (out, mut out_rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let (frames, incoming) = crate::client::server_link::incoming_channel();
    let stream_frames = frames.clone();
    let listen = tokio::spawn(async move {
        while let Some(event) = events.next().await {
            if event.is_message() && stream_frames.send(event.data.into_bytes()).await.is_err() {
                break;
            }
        }
    });
    let mut post_headers = options.http_headers.clone();
    post_headers.push(("Content-Type".into(), "application/json".into()));
    let pump = tokio::spawn(async move {
        while let Some(frame) = out_rx.recv().await {
            let (endpoint, headers, frames, auth) =
                (endpoint.clone(), post_headers.clone(), frames.clone(), auth.clone());
            tokio::spawn(async move { post(auth.as_deref(), &endpoint, &headers, frame, &frames).await });
        }
    });
    let conn = ServerLink::start(options.server_name.clone(), out, incoming, options.handlers.clone());
    let tasks = Tasks { handles: vec![listen, pump], spawned: Spawned::default(), farewell: None };
    Client::handshake(conn, &options, Some(Attached::Http(tasks))).await
}

async fn post(
    auth: Option<&Authorized>,
    endpoint: &Uri,
    headers: &[(String, String)],
    frame: Vec<u8>,
    frames: &crate::client::server_link::Frames,
) {
    let frame = Bytes::from(frame);
    let id = || serde_json::from_slice(&frame).ok().as_ref().and_then(request_id);
    match oauth::send(auth, "POST", endpoint, headers, frame.clone()).await {
        Ok(response) if response.status().is_success() => {}
        Ok(response) => {
            let failure = wire::Failure::read(response).await;
            // Only a failure needs to know which request it was.
            fail_request(id().as_ref(), &failure.detail(), Some(failure.status.as_u16()), frames).await;
        }
        Err(refused) => fail_refused(id().as_ref(), refused, frames).await,
    }
}

/// Whether two URLs share scheme, host and port.
fn same_origin(a: &Uri, b: &Uri) -> bool {
    let port = |u: &Uri| u.port_u16().unwrap_or(if u.scheme_str() == Some("https") { 443 } else { 80 });
    a.scheme_str().map(str::to_ascii_lowercase) == b.scheme_str().map(str::to_ascii_lowercase)
        && a.host().map(str::to_ascii_lowercase) == b.host().map(str::to_ascii_lowercase)
        && port(a) == port(b)
}

/// Resolves the endpoint event's URL against the stream's URL.
fn resolve(base: &Uri, endpoint: &str) -> Option<Uri> {
    if endpoint.starts_with("http://") || endpoint.starts_with("https://") {
        return endpoint.parse().ok();
    }
    let authority = base.authority()?;
    let path = if endpoint.starts_with('/') {
        endpoint.to_owned()
    } else {
        let dir = base.path().rsplit_once('/').map_or("", |(dir, _)| dir);
        format!("{dir}/{endpoint}")
    };
    format!("{}://{authority}{path}", base.scheme_str().unwrap_or("http")).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_resolve_against_the_stream_url() {
        let base: Uri = "http://127.0.0.1:8000/mcp/sse".parse().expect("uri");
        let at = |e: &str| resolve(&base, e).map(|u| u.to_string());
        assert_eq!(at("/messages/?session_id=1").as_deref(), Some("http://127.0.0.1:8000/messages/?session_id=1"));
        assert_eq!(at("messages?x=1").as_deref(), Some("http://127.0.0.1:8000/mcp/messages?x=1"));
        assert_eq!(at("http://other:1/m").as_deref(), Some("http://other:1/m"));
    }

    #[test]
    fn only_an_endpoint_on_the_streams_origin_is_taken() {
        let base: Uri = "https://a.example/sse".parse().expect("uri");
        let origin = |e: &str| same_origin(&base, &e.parse().expect("uri"));
        assert!(origin("https://A.example:443/messages/?session_id=1"));
        assert!(!origin("http://a.example/messages/"), "a downgrade to http");
        assert!(!origin("https://b.example/messages/"));
        assert!(!origin("https://a.example:8443/messages/"));
    }
}
