//! Answers to HTTP requests: one JSON body when a request sends nothing
//! before its response, otherwise an SSE stream that carries its
//! notifications and ends with the response.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::value::RawValue;

use tokio_util::sync::CancellationToken;

use crate::protocol::codes;
use crate::transport::http::sessions::resumption::{EventRx, StreamLog};
use crate::transport::http::sessions::sinks::FrameRx;

/// Cancels a request whose HTTP client went away before its response.
pub(in crate::transport::http) struct CancelOnDrop {
    token: Option<CancellationToken>,
}

impl CancelOnDrop {
    pub(in crate::transport::http) fn new(token: CancellationToken) -> Self {
        CancelOnDrop { token: Some(token) }
    }

    fn disarm(&mut self) {
        self.token = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(token) = self.token.take() {
            token.cancel();
        }
    }
}

#[derive(Deserialize)]
struct Shape<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    method: Option<&'a RawValue>,
    #[serde(borrow)]
    error: Option<ErrorCode<'a>>,
}

#[derive(Deserialize)]
struct ErrorCode<'a> {
    code: i32,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// An error's `data`, as far as its status depends on it.
#[derive(Deserialize)]
struct RetryHint {
    #[serde(rename = "retryAfterSeconds")]
    retry_after_seconds: Option<u32>,
}

impl ErrorCode<'_> {
    /// When to try again, if the error says it passes
    /// (`data.retryAfterSeconds`).
    fn retry_after(&self) -> Option<u32> {
        let hint = self.data.and_then(|d| serde_json::from_str::<RetryHint>(d.get()).ok());
        hint.and_then(|h| h.retry_after_seconds)
    }
}

/// Whether a frame is the final answer (a response or a batch of them).
fn is_final(frame: &[u8]) -> bool {
    if frame.first() == Some(&b'[') {
        return true;
    }
    serde_json::from_slice::<Shape<'_>>(frame).is_ok_and(|s| s.id.is_some() && s.method.is_none())
}

/// The HTTP status a 2026-07-28 error maps to, with the `Retry-After` of
/// a 503: an internal error whose `data.retryAfterSeconds` says it passes
/// (the shared store is down; a handler may say so too).
fn stateless_status(frame: &[u8]) -> (StatusCode, Option<u32>) {
    let shape = serde_json::from_slice::<Shape<'_>>(frame).ok();
    let Some(error) = shape.as_ref().and_then(|s| s.error.as_ref()) else { return (StatusCode::OK, None) };
    let status = match error.code {
        codes::INTERNAL_ERROR => match error.retry_after() {
            Some(seconds) => return (StatusCode::SERVICE_UNAVAILABLE, Some(seconds)),
            None => StatusCode::OK,
        },
        codes::METHOD_NOT_FOUND => StatusCode::NOT_FOUND,
        codes::HEADER_MISMATCH | codes::MISSING_REQUIRED_CLIENT_CAPABILITY | codes::UNSUPPORTED_PROTOCOL_VERSION => {
            StatusCode::BAD_REQUEST
        }
        _ => StatusCode::OK,
    };
    (status, None)
}

/// How a request's answer is shaped.
#[derive(Clone, Copy)]
pub(in crate::transport::http) struct Answer {
    /// 2026-07-28 rules: error codes map to HTTP statuses.
    pub(in crate::transport::http) stateless: bool,
}

/// Answers with `first` as JSON when it is the response, else with an SSE
/// stream that starts with it and goes on with `rx`.
pub(in crate::transport::http) fn respond(
    first: Vec<u8>,
    rx: FrameRx,
    mut guard: CancelOnDrop,
    shape: Answer,
) -> Response {
    if is_final(&first) {
        guard.disarm();
        return json_answer(&first, shape);
    }
    let mut queued = VecDeque::new();
    queued.push_back(event(None, &first));
    sse(StreamState {
        _open: OpenStream::new(),
        rx: Source::Plain(rx),
        queued,
        done: false,
        guard: Some(guard),
        ends: true,
        _keep: None,
    })
}

/// The response frame as a JSON body, with the status its era gives it.
pub(in crate::transport::http) fn json_answer(frame: &[u8], shape: Answer) -> Response {
    let (status, retry_after) = if shape.stateless { stateless_status(frame) } else { (StatusCode::OK, None) };
    let mut response = (status, [(header::CONTENT_TYPE, "application/json")], frame.to_vec()).into_response();
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
    }
    response
}

/// A session-era answer through a resumable stream: JSON when the response
/// comes first, else SSE with ids `<stream>-<n>`, resumable with `Last-Event-ID`.
/// A broken connection does not cancel the request (2025-11-25).
/// A request cancelled before it sent anything gets a stream that ends at once.
pub(in crate::transport::http) async fn answer_logged(mut rx: EventRx, log: Arc<StreamLog>) -> Response {
    let Some((n, first)) = rx.recv().await else {
        return logged(rx, log, VecDeque::new(), true, true);
    };
    if is_final(&first) {
        log.mark_finished();
        return (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], first).into_response();
    }
    let queued = VecDeque::from([priming(log.id, 0), event(Some((log.id, n)), &first)]);
    logged(rx, log, queued, false, true)
}

/// Reads a resumable stream from a GET: replayed events first, then live ones.
/// A request's stream ends at its response; the session stream never ends.
/// The priming event's id is `seen`, the last event the reader has, so that
/// a reader cut off before the next one resumes from there.
pub(in crate::transport::http) fn resumed(rx: EventRx, log: Arc<StreamLog>, seen: u64, ends: bool) -> Response {
    let queued = VecDeque::from([priming(log.id, seen)]);
    logged(rx, log, queued, false, ends)
}

/// An SSE stream of a resumable stream's events, after `queued`; `done`
/// when nothing more will come, `ends` at its response.
fn logged(rx: EventRx, log: Arc<StreamLog>, queued: VecDeque<Bytes>, done: bool, ends: bool) -> Response {
    sse(StreamState {
        _open: OpenStream::new(),
        rx: Source::Logged(rx, log),
        queued,
        done,
        guard: None,
        ends,
        _keep: None,
    })
}

/// The event that primes a client to reconnect: an id, a retry delay, no data.
fn priming(stream: u64, seen: u64) -> Bytes {
    Bytes::from(format!("id: {stream}-{seen}\nretry: 1000\ndata: \n\n"))
}

/// An SSE stream without ids that never ends on its own (legacy SSE).
/// `keep` lives exactly as long as the stream (for cleanup when it closes).
pub(in crate::transport::http) fn endless(rx: FrameRx, first: Option<Bytes>, keep: Option<Box<dyn Send>>) -> Response {
    let queued = first.into_iter().collect();
    sse(StreamState {
        _open: OpenStream::new(),
        rx: Source::Plain(rx),
        queued,
        done: false,
        guard: None,
        ends: false,
        _keep: keep,
    })
}

/// Where a stream's frames come from.
enum Source {
    /// Frames without ids (stateless requests, legacy SSE).
    Plain(FrameRx),
    /// Numbered events of a resumable stream.
    Logged(EventRx, Arc<StreamLog>),
}

impl Source {
    /// The next event's text, and whether it is the final response.
    async fn next(&mut self) -> Option<(Bytes, bool)> {
        match self {
            Source::Plain(rx) => rx.recv().await.map(|f| (event(None, &f), is_final(&f))),
            Source::Logged(rx, log) => rx.recv().await.map(|(n, f)| (event(Some((log.id, n)), &f), is_final(&f))),
        }
    }
}

struct StreamState {
    _open: OpenStream,
    rx: Source,
    queued: VecDeque<Bytes>,
    done: bool,
    /// Present for a stateless request's stream: disarmed at the response.
    guard: Option<CancelOnDrop>,
    /// The stream ends after the final response (a request's stream).
    ends: bool,
    _keep: Option<Box<dyn Send>>,
}

/// Counts an open SSE stream for the metrics, while it lives (if metrics
/// were on when it opened).
struct OpenStream {
    counted: bool,
}

impl OpenStream {
    fn new() -> Self {
        let counted = crate::observe::enabled();
        if counted {
            crate::observe::stream_opened();
        }
        OpenStream { counted }
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        if self.counted {
            crate::observe::stream_closed();
        }
    }
}

fn sse(state: StreamState) -> Response {
    let stream = futures_util::stream::unfold(state, |mut st| async move {
        if let Some(bytes) = st.queued.pop_front() {
            return Some((Ok::<_, Infallible>(bytes), st));
        }
        if st.done {
            return None;
        }
        let (bytes, last) = st.rx.next().await?;
        if last && st.ends {
            st.done = true;
            if let Some(guard) = st.guard.as_mut() {
                guard.disarm();
            }
            if let Source::Logged(_, log) = &st.rx {
                log.mark_finished();
            }
        }
        Some((Ok(bytes), st))
    });
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// One `message` event, with an id `<stream>-<n>` on resumable streams.
pub(in crate::transport::http) fn event(id: Option<(u64, u64)>, frame: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(frame.len() + 40);
    if let Some((stream, n)) = id {
        out.extend_from_slice(format!("id: {stream}-{n}\n").as_bytes());
    }
    out.extend_from_slice(b"event: message\ndata: ");
    out.extend_from_slice(frame);
    out.extend_from_slice(b"\n\n");
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passing_error_is_503_and_any_error_data_keeps_a_response_final() {
        let passing =
            br#"{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"m","data":{"retryAfterSeconds":7}}}"#;
        assert_eq!(stateless_status(passing).0, StatusCode::SERVICE_UNAVAILABLE);
        let answer = json_answer(passing, Answer { stateless: true });
        assert_eq!(answer.headers().get(header::RETRY_AFTER).map(|v| v.as_bytes()), Some(&b"7"[..]));
        let failing = br#"{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"m","data":"a text"}}"#;
        assert_eq!(stateless_status(failing).0, StatusCode::OK);
        assert!(is_final(failing));
        let missing = br#"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"m","data":[1]}}"#;
        assert_eq!(stateless_status(missing).0, StatusCode::NOT_FOUND);
    }
}
