//! The client's side of HTTP: plain requests (from [`crate::fetch::wire`]),
//! refusals read whole, and a reader for `text/event-stream` bodies.

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::Response;

pub(crate) use crate::fetch::wire::{header, read_body, send};

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
