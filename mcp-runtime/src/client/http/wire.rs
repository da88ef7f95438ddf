//! Plain HTTP/1.1 requests on hyper, and a reader for `text/event-stream`
//! bodies.

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Sends one request on a fresh connection and returns the response head
/// (its body streams on). `https://` needs the `tls` feature.
pub(crate) async fn send(
    method: &str,
    uri: &Uri,
    headers: &[(String, String)],
    body: Bytes,
) -> Result<Response<Incoming>, String> {
    let secure = match uri.scheme_str() {
        Some("http") => false,
        Some("https") if cfg!(feature = "tls") => true,
        Some("https") => return Err(format!("{uri}: https:// needs the `tls` feature of mcp-runtime")),
        _ => return Err(format!("{uri}: only http:// and https:// URLs are supported")),
    };
    let host = uri.host().ok_or_else(|| format!("{uri}: no host"))?;
    // An IPv6 literal without its brackets.
    let bare_host = host.trim_start_matches('[').trim_end_matches(']');
    let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
    let stream = TcpStream::connect((bare_host, port)).await.map_err(|e| format!("cannot connect to {uri}: {e}"))?;
    let _ = stream.set_nodelay(true);
    let request = build_request(method, uri, host, headers, body)?;
    if secure {
        #[cfg(feature = "tls")]
        return exchange(super::tls::connect(bare_host, stream).await?, uri, request).await;
    }
    exchange(stream, uri, request).await
}

fn build_request(
    method: &str,
    uri: &Uri,
    host: &str,
    headers: &[(String, String)],
    body: Bytes,
) -> Result<Request<Full<Bytes>>, String> {
    let mut request = Request::builder().method(method).uri(uri.path_and_query().map_or("/", |p| p.as_str()));
    request = request.header("Host", uri.authority().map_or(host, |a| a.as_str()));
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    request.body(Full::new(body)).map_err(|e| format!("bad request to {uri}: {e}"))
}

/// Sends `request` over `io` with HTTP/1.1.
async fn exchange<IO>(io: IO, uri: &Uri, request: Request<Full<Bytes>>) -> Result<Response<Incoming>, String>
where
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| format!("HTTP handshake with {uri} failed: {e}"))?;
    tokio::spawn(connection);
    let method = request.method().clone();
    sender.send_request(request).await.map_err(|e| format!("{method} {uri} failed: {e}"))
}

/// A response header as text.
pub(crate) fn header<'a>(response: &'a Response<Incoming>, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

/// Whether a response carries a `text/event-stream` body.
pub(crate) fn is_event_stream(response: &Response<Incoming>) -> bool {
    header(response, "content-type").is_some_and(|t| t.starts_with("text/event-stream"))
}

/// A response with an error status, read whole.
pub(crate) struct Failure {
    /// The status.
    pub(crate) status: hyper::StatusCode,
    /// The body.
    pub(crate) body: Vec<u8>,
}

impl Failure {
    /// Reads an unsuccessful response.
    pub(crate) async fn read(response: Response<Incoming>) -> Failure {
        let status = response.status();
        // What a refusal says is shown, not kept: a little is enough.
        Failure { status, body: read_body(response.into_body(), 64 * 1024).await.unwrap_or_default() }
    }

    /// `HTTP 404 Not Found: <body>`.
    pub(crate) fn detail(&self) -> String {
        format!("HTTP {}: {}", self.status, String::from_utf8_lossy(&self.body).trim())
    }
}

/// Reads a whole body of at most `limit` bytes.
pub(crate) async fn read_body(body: Incoming, limit: usize) -> Result<Vec<u8>, String> {
    http_body_util::Limited::new(body, limit)
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .map_err(|e| format!("reading the response failed (at most {limit} bytes are read): {e}"))
}

/// One server-sent event.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Event {
    /// The `event:` field (empty means `message`).
    pub(crate) name: String,
    /// The `data:` lines, joined by newlines.
    pub(crate) data: String,
    /// The `id:` field, for resuming with `Last-Event-ID`.
    pub(crate) id: Option<String>,
    /// The `retry:` field: how many milliseconds to wait before reconnecting.
    pub(crate) retry: Option<u64>,
}

impl Event {
    /// Whether it carries a JSON-RPC message (not a priming or named event).
    pub(crate) fn is_message(&self) -> bool {
        (self.name.is_empty() || self.name == "message") && !self.data.trim().is_empty()
    }
}

/// Reads events from a `text/event-stream` body.
pub(crate) struct EventReader {
    body: Incoming,
    buffer: Vec<u8>,
    limit: usize,
}

impl EventReader {
    /// Reads from `body` events of at most `limit` bytes each.
    pub(crate) fn new(body: Incoming, limit: usize) -> Self {
        EventReader { body, buffer: Vec::new(), limit }
    }

    /// The next event, or `None` when the stream ends. An event larger
    /// than the limit ends the stream.
    pub(crate) async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = take_event(&mut self.buffer) {
                return Some(event);
            }
            if self.buffer.len() > self.limit {
                tracing::warn!("the server sent an event larger than {} bytes; the stream is closed", self.limit);
                return None;
            }
            let frame = self.body.frame().await?.ok()?;
            if let Ok(data) = frame.into_data() {
                self.buffer.extend(data.iter().filter(|&&b| b != b'\r'));
            }
        }
    }
}

/// Removes one complete event (up to a blank line) from the front of
/// `buffer`, which holds no `\r`.
fn take_event(buffer: &mut Vec<u8>) -> Option<Event> {
    loop {
        let end = buffer.windows(2).position(|w| w == b"\n\n")?;
        let block: Vec<u8> = buffer.drain(..end + 2).collect();
        let block = String::from_utf8_lossy(&block[..end]);
        let mut event = Event::default();
        let mut data = Vec::new();
        for line in block.lines() {
            let (field, value) = line.split_once(':').unwrap_or((line, ""));
            let value = value.strip_prefix(' ').unwrap_or(value);
            match field {
                "event" => event.name = value.to_owned(),
                "data" => data.push(value),
                "id" => event.id = Some(value.to_owned()),
                "retry" => event.retry = value.parse().ok(),
                _ => {}
            }
        }
        if !data.is_empty() || event.id.is_some() || event.retry.is_some() {
            event.data = data.join("\n");
            return Some(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_split_on_blank_lines_and_comments_skipped() {
        let mut buffer =
            b": keep-alive\n\nevent: endpoint\ndata: /messages?id=1\n\ndata: {\"a\":\ndata: 1}\n\npartial".to_vec();
        let first = take_event(&mut buffer).expect("one");
        assert_eq!((first.name.as_str(), first.data.as_str()), ("endpoint", "/messages?id=1"));
        let second = take_event(&mut buffer).expect("two");
        assert_eq!((second.name.as_str(), second.data.as_str()), ("", "{\"a\":\n1}"));
        assert_eq!(take_event(&mut buffer), None);
        let mut priming = b"id: e-1\nretry: 500\ndata: \n\n".to_vec();
        let event = take_event(&mut priming).expect("priming");
        assert_eq!((event.id.as_deref(), event.retry, event.is_message()), (Some("e-1"), Some(500), false));
        assert_eq!(buffer, b"partial");
    }
}
