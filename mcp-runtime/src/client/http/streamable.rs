//! The Streamable HTTP connector: each message is a POST; answers come back
//! as JSON or as an SSE stream; a GET stream carries what the server sends
//! unprompted; a DELETE ends the session.

use crate::util::MutexExt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper::body::{Bytes, Incoming};
use hyper::{Response, Uri};
use serde_json::Value;
use tokio::sync::mpsc;

use super::common::{fail_refused, fail_request, parse_url, request_id, Spawned, Tasks};
use super::wire::{self, EventReader};
use crate::client::attached::Attached;
use crate::client::oauth::{self, Authorized};
use crate::client::server_link::ServerLink;
use crate::client::tool_headers::{header_value, param_headers, ToolHeaders};
use crate::client::{Client, ClientOptions, Error};
use crate::protocol::method::Method;
use crate::protocol::ProtocolVersion;

use crate::client::server_link::Frames;

/// What every request of the session carries.
struct HttpSession {
    uri: Uri,
    headers: Vec<(String, String)>,
    id: Mutex<Option<String>>,
    version: Arc<Mutex<Option<ProtocolVersion>>>,
    tool_headers: ToolHeaders,
    spawned: Spawned,
    auth: Option<Authorized>,
    /// The largest body or event read.
    limit: usize,
}

impl HttpSession {
    fn headers(&self, accept: &str, with_body: bool) -> Vec<(String, String)> {
        let mut headers = self.headers.clone();
        headers.push(("Accept".into(), accept.into()));
        if with_body {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        if let Some(id) = self.id.locked().clone() {
            headers.push(("Mcp-Session-Id".into(), id));
        }
        if let Some(version) = *self.version.locked() {
            headers.push(("MCP-Protocol-Version".into(), version.as_str().into()));
        }
        headers
    }

    /// Sends one request to the endpoint, with the session's token if it
    /// has OAuth.
    async fn send(
        &self,
        method: &str,
        headers: &[(String, String)],
        body: Bytes,
    ) -> Result<Response<Incoming>, oauth::Refused> {
        oauth::send(self.auth.as_ref(), method, &self.uri, headers, body).await
    }

    /// POSTs one message and forwards whatever comes back, resuming the
    /// answer's stream (`Last-Event-ID`, after `retry` ms) if it breaks off.
    async fn post(self: Arc<Self>, frame: Vec<u8>, frames: &Frames) {
        let message: Value = serde_json::from_slice(&frame).unwrap_or_default();
        let awaited = request_id(&message);
        let mut headers = self.headers("application/json, text/event-stream", true);
        let mirrored = mirrored_headers(&message, &self.tool_headers);
        if !mirrored.is_empty() {
            headers.retain(|(name, _)| name != "MCP-Protocol-Version");
            headers.extend(mirrored);
        }
        let response = match self.send("POST", &headers, Bytes::from(frame)).await {
            Ok(response) => response,
            Err(refused) => return fail_refused(awaited.as_ref(), refused, frames).await,
        };
        if !response.status().is_success() {
            let failure = wire::Failure::read(response).await;
            // A JSON-RPC error in the body is the server's answer (say, -32022
            // with the versions it supports); 404 and 405 mean a wrong endpoint.
            let answered = awaited.as_ref().is_some_and(|id| answers(&failure.body, id));
            if answered && !matches!(failure.status.as_u16(), 404 | 405) {
                let _ = frames.send(failure.body).await;
                return;
            }
            let mut detail = failure.detail();
            if failure.status == hyper::StatusCode::UNAUTHORIZED && self.auth.is_none() {
                detail.push_str(" (the server wants authorization: give the client ClientOptions::oauth)");
            }
            return fail_request(awaited.as_ref(), &detail, Some(failure.status.as_u16()), frames).await;
        }
        if let Some(id) = wire::header(&response, "mcp-session-id") {
            self.note_session(id, frames);
        }
        let mut end = self.forward(response, frames, awaited.as_ref()).await;
        let Some(awaited) = awaited else { return };
        for _ in 0..RESUME_ATTEMPTS {
            let Some(last_id) = end.last_id.clone().filter(|_| !end.answered) else { break };
            tokio::time::sleep(end.retry).await;
            let mut headers = self.headers("text/event-stream", false);
            headers.push(("Last-Event-ID".into(), last_id));
            match self.send("GET", &headers, Bytes::new()).await {
                Ok(response) if response.status().is_success() => {
                    let next = self.forward(response, frames, Some(&awaited)).await;
                    end = StreamEnd { last_id: next.last_id.or(end.last_id), ..next };
                }
                _ => break,
            }
        }
        if !end.answered {
            fail_request(Some(&awaited), "the server's stream ended before it answered", None, frames).await;
        }
    }

    /// Forwards a JSON body or each event of an SSE body; stops once the
    /// `awaited` request is answered.
    async fn forward(&self, response: Response<Incoming>, frames: &Frames, awaited: Option<&Value>) -> StreamEnd {
        let mut end = StreamEnd { answered: false, last_id: None, retry: DEFAULT_RETRY };
        if !wire::is_event_stream(&response) {
            match wire::read_body(response.into_body(), self.limit).await {
                Ok(body) if body.iter().all(u8::is_ascii_whitespace) => {}
                Ok(body) => {
                    let _ = frames.send(body).await;
                }
                Err(e) => fail_request(awaited, &e.to_string(), None, frames).await,
            }
            end.answered = true;
            return end;
        }
        let mut events = EventReader::new(response.into_body(), self.limit);
        while let Some(event) = events.next().await {
            end.last_id = event.id.clone().or(end.last_id);
            end.retry = event.retry.map_or(end.retry, Duration::from_millis);
            if event.is_message() {
                let message = event.data.into_bytes();
                end.answered |= awaited.is_some_and(|id| answers(&message, id));
                let _ = frames.send(message).await;
                if end.answered {
                    break;
                }
            }
        }
        end
    }

    /// Records the session id; the first time, opens the session's GET
    /// stream for what the server sends unprompted.
    fn note_session(self: &Arc<Self>, id: &str, frames: &Frames) {
        let is_new = self.id.locked().replace(id.to_owned()).is_none();
        if is_new {
            let listen = tokio::spawn(Arc::clone(self).listen(frames.clone()));
            self.spawned.locked().push(listen);
        }
    }

    /// Listens on the GET stream, if the server offers one.
    async fn listen(self: Arc<Self>, frames: Frames) {
        let headers = self.headers("text/event-stream", false);
        if let Ok(response) = self.send("GET", &headers, Bytes::new()).await {
            if response.status().is_success() {
                self.forward(response, &frames, None).await;
            }
        }
    }

    /// Ends the session (servers may answer 405; that is fine).
    async fn delete(self: Arc<Self>) {
        if self.id.locked().is_some() {
            let headers = self.headers("application/json", false);
            let _ = self.send("DELETE", &headers, Bytes::new()).await;
        }
    }
}

/// How a response stream ended.
struct StreamEnd {
    answered: bool,
    last_id: Option<String>,
    retry: Duration,
}

/// How long to wait before resuming a stream when the server gave no `retry`.
const DEFAULT_RETRY: Duration = Duration::from_secs(1);
/// How many times to resume one answer's stream.
const RESUME_ATTEMPTS: usize = 5;

/// For a 2026-07-28 message (one whose `_meta` names its version): the
/// headers that mirror its body, `MCP-Protocol-Version`, `Mcp-Method` and
/// `Mcp-Name`.
fn mirrored_headers(message: &Value, tool_headers: &ToolHeaders) -> Vec<(String, String)> {
    let Some(version) = message["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"].as_str() else {
        return Vec::new();
    };
    let mut headers = vec![("MCP-Protocol-Version".to_owned(), version.to_owned())];
    if let Some(method) = message["method"].as_str() {
        headers.push(("Mcp-Method".into(), header_value(method)));
        let mirrored = Method::parse(method).and_then(Method::mirrored_in_name);
        let name = mirrored.and_then(|member| message["params"][member].as_str());
        if let Some(name) = name {
            headers.push(("Mcp-Name".into(), header_value(name)));
        }
    }
    headers.extend(param_headers(tool_headers, message));
    headers
}

/// Whether a frame is a request (it has both a method and an id).
fn is_request(frame: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Shape {
        method: Option<serde::de::IgnoredAny>,
        id: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_slice::<Shape>(frame).is_ok_and(|shape| shape.method.is_some() && shape.id.is_some())
}

/// Whether `message` is the response to request `id`.
fn answers(message: &[u8], id: &Value) -> bool {
    serde_json::from_slice::<Value>(message)
        .is_ok_and(|m| m.get("id") == Some(id) && (m.get("result").is_some() || m.get("error").is_some()))
}

/// Connects to a Streamable HTTP endpoint and initializes.
pub(crate) async fn connect(url: &str, options: ClientOptions) -> Result<Client, Error> {
    let uri = parse_url(url, &options)?;
    let (out, mut out_rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let (frames, incoming) = crate::client::server_link::incoming_channel();
    let conn = ServerLink::start(options.server_name.clone(), out, incoming, options.handlers.clone());
    let auth = options.oauth.clone().map(|oauth| Authorized::new(oauth, &uri));
    let session = Arc::new(HttpSession {
        uri,
        headers: options.http_headers.clone(),
        id: Mutex::default(),
        version: Arc::clone(&conn.session_version),
        tool_headers: Arc::clone(&conn.tool_headers),
        spawned: Spawned::default(),
        auth,
        limit: options.max_message_bytes,
    });
    let pump_session = Arc::clone(&session);
    let pump = tokio::spawn(async move {
        // The client awaits `initialize` before it sends anything else, so
        // every later POST carries the session id. Requests go out side by
        // side; notifications and responses (answered at once with 202) in
        // order, so `notifications/initialized` precedes what follows it.
        while let Some(frame) = out_rx.recv().await {
            let (session, frames) = (Arc::clone(&pump_session), frames.clone());
            if is_request(&frame) {
                tokio::spawn(async move { session.post(frame, &frames).await });
            } else {
                session.post(frame, &frames).await;
            }
        }
    });
    let spawned = Arc::clone(&session.spawned);
    let tasks = Tasks { handles: vec![pump], spawned, farewell: Some(Box::pin(session.delete())) };
    Client::handshake(conn, &options, Some(Attached::Http(tasks))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_requests_are_requests() {
        assert!(is_request(br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#));
        assert!(!is_request(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#));
        assert!(!is_request(br#"{"jsonrpc":"2.0","id":1,"result":{}}"#));
    }

    #[test]
    fn stateless_messages_mirror_their_method_and_name_in_headers() {
        let frame = br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"caf\u00e9","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"#;
        let message: Value = serde_json::from_slice(frame).expect("json");
        let headers = mirrored_headers(&message, &ToolHeaders::default());
        assert_eq!(headers[0], ("MCP-Protocol-Version".into(), "2026-07-28".into()));
        assert_eq!(headers[1], ("Mcp-Method".into(), "tools/call".into()));
        assert_eq!(headers[2], ("Mcp-Name".into(), "=?base64?Y2Fmw6k=?=".into()));
        assert!(mirrored_headers(
            &serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
            &ToolHeaders::default()
        )
        .is_empty());
    }
}
