//! The legacy HTTP+SSE transport (2024-11-05), at the URLs the seed uses:
//! `GET /sse` opens the stream and names the POST endpoint in an `endpoint`
//! event; `POST /messages/?session_id=..` takes a message and answers 202,
//! and the response arrives on the stream.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::mpsc;

use super::guard::{check_origin_and_host, error_response};
use super::state::{ChannelSink, HttpState};
use super::stream::endless;
use crate::protocol::ErrorObject;
use crate::server::session::Session;

/// Open legacy sessions, by id.
#[derive(Default)]
pub(crate) struct LegacySessions {
    open: Mutex<HashMap<String, Arc<Session>>>,
}

/// Removes a legacy session when its stream is dropped.
struct CloseOnDrop {
    state: Arc<HttpState>,
    id: String,
}

impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        let removed = self.state.legacy.open.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.id);
        if let Some(session) = removed {
            session.end_listens();
        }
    }
}

/// `GET /sse`.
pub(super) async fn open(State(state): State<Arc<HttpState>>, headers: HeaderMap) -> Response {
    if let Err(refused) = check_origin_and_host(&headers, &state.options) {
        return refused.into_response();
    }
    let (tx, rx) = mpsc::unbounded_channel();
    let session = Session::new(Arc::clone(&state.core), Arc::new(ChannelSink(tx)));
    let id = super::state::new_session_id();
    state.legacy.open.lock().unwrap_or_else(PoisonError::into_inner).insert(id.clone(), session);
    let endpoint = Bytes::from(format!("event: endpoint\ndata: /messages/?session_id={id}\n\n"));
    let closer = CloseOnDrop { state: Arc::clone(&state), id };
    endless(rx, Some(endpoint), Some(Box::new(closer)))
}

#[derive(Deserialize)]
pub(super) struct Target {
    session_id: Option<String>,
}

/// `POST /messages/?session_id=..`.
pub(super) async fn message(
    State(state): State<Arc<HttpState>>,
    Query(target): Query<Target>,
    request: Request,
) -> Response {
    if let Err(refused) = check_origin_and_host(request.headers(), &state.options) {
        return refused.into_response();
    }
    let session = target
        .session_id
        .and_then(|id| state.legacy.open.lock().unwrap_or_else(PoisonError::into_inner).get(&id).cloned());
    let Some(session) = session else {
        return error_response(StatusCode::NOT_FOUND, None, &ErrorObject::invalid_request("unknown session_id"));
    };
    let limit = state.options.max_body_bytes;
    let Ok(body) = axum::body::to_bytes(request.into_body(), limit).await else {
        let e = ErrorObject::invalid_request(format!("the body exceeds the {limit}-byte limit"));
        return error_response(StatusCode::PAYLOAD_TOO_LARGE, None, &e);
    };
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
        return error_response(StatusCode::BAD_REQUEST, None, &ErrorObject::parse_error(e));
    }
    if let Some(job) = session.accept(&body) {
        let Ok(permit) = Arc::clone(&session.permits).acquire_owned().await else {
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        };
        session.spawn(job, permit, &tokio::runtime::Handle::current());
    }
    (StatusCode::ACCEPTED, "Accepted").into_response()
}
