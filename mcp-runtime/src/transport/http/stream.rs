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

use super::state::FrameRx;
use crate::protocol::{codes, RequestId};
use crate::server::session::Session;

/// Cancels a request whose HTTP client went away before its response.
pub(super) struct CancelOnDrop {
    session: Arc<Session>,
    id: Option<RequestId>,
}

impl CancelOnDrop {
    pub(super) fn new(session: Arc<Session>, id: RequestId) -> Self {
        CancelOnDrop { session, id: Some(id) }
    }

    fn disarm(&mut self) {
        self.id = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            self.session.cancel(&id);
        }
    }
}

#[derive(Deserialize)]
struct Shape<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    method: Option<&'a RawValue>,
    error: Option<ErrorCode>,
}

#[derive(Deserialize)]
struct ErrorCode {
    code: i32,
}

/// Whether a frame is the final answer (a response or a batch of them).
fn is_final(frame: &[u8]) -> bool {
    if frame.first() == Some(&b'[') {
        return true;
    }
    serde_json::from_slice::<Shape<'_>>(frame).is_ok_and(|s| s.id.is_some() && s.method.is_none())
}

/// The HTTP status a 2026-07-28 error maps to.
fn stateless_status(frame: &[u8]) -> StatusCode {
    let code = serde_json::from_slice::<Shape<'_>>(frame).ok().and_then(|s| s.error).map(|e| e.code);
    match code {
        Some(codes::METHOD_NOT_FOUND) => StatusCode::NOT_FOUND,
        Some(
            codes::HEADER_MISMATCH | codes::MISSING_REQUIRED_CLIENT_CAPABILITY | codes::UNSUPPORTED_PROTOCOL_VERSION,
        ) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    }
}

/// How a request's answer is shaped.
pub(super) struct Answer {
    /// 2026-07-28 rules: error codes map to HTTP statuses.
    pub(super) stateless: bool,
    /// Send a priming event (id + retry) first, as 2025-11-25 asks.
    pub(super) priming: bool,
}

/// Waits for the first frame; answers JSON if it is the response, else streams.
pub(super) async fn answer(mut rx: FrameRx, mut guard: CancelOnDrop, shape: Answer) -> Response {
    let Some(first) = rx.recv().await else {
        guard.disarm();
        return StatusCode::ACCEPTED.into_response();
    };
    if is_final(&first) {
        guard.disarm();
        let status = if shape.stateless { stateless_status(&first) } else { StatusCode::OK };
        return (status, [(header::CONTENT_TYPE, "application/json")], first).into_response();
    }
    let mut queued = VecDeque::new();
    if shape.priming {
        queued.push_back(Bytes::from_static(b"id: 0\nretry: 1000\ndata: \n\n"));
    }
    queued.push_back(event(1, &first));
    sse(StreamState { rx, queued, next_id: 2, done: false, guard: Some(guard), _keep: None })
}

/// An SSE stream that never ends on its own (GET streams, legacy SSE).
/// `keep` lives exactly as long as the stream (for cleanup when it closes).
pub(super) fn endless(rx: FrameRx, first: Option<Bytes>, priming: bool, keep: Option<Box<dyn Send>>) -> Response {
    let mut queued = VecDeque::new();
    if priming {
        queued.push_back(Bytes::from_static(b"id: 0\nretry: 1000\ndata: \n\n"));
    }
    queued.extend(first);
    sse(StreamState { rx, queued, next_id: 1, done: false, guard: None, _keep: keep })
}

struct StreamState {
    rx: FrameRx,
    queued: VecDeque<Bytes>,
    next_id: u64,
    done: bool,
    /// Present for a request's stream: it ends, and disarms, at the response.
    guard: Option<CancelOnDrop>,
    _keep: Option<Box<dyn Send>>,
}

fn sse(state: StreamState) -> Response {
    let stream = futures_util::stream::unfold(state, |mut st| async move {
        if let Some(bytes) = st.queued.pop_front() {
            return Some((Ok::<_, Infallible>(bytes), st));
        }
        if st.done {
            return None;
        }
        let frame = st.rx.recv().await?;
        if st.guard.is_some() && is_final(&frame) {
            st.done = true;
            if let Some(guard) = st.guard.as_mut() {
                guard.disarm();
            }
        }
        let bytes = event(st.next_id, &frame);
        st.next_id += 1;
        Some((Ok(bytes), st))
    });
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// One `message` event.
pub(super) fn event(id: u64, frame: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(frame.len() + 40);
    out.extend_from_slice(format!("id: {id}\nevent: message\ndata: ").as_bytes());
    out.extend_from_slice(frame);
    out.extend_from_slice(b"\n\n");
    Bytes::from(out)
}
