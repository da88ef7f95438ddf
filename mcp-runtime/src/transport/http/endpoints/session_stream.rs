//! `GET /mcp` (the session's stream of server-initiated messages) and
//! `DELETE /mcp` (end the session), both of the session era.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::protocol::ErrorObject;
use crate::transport::http::checks::bearer::until_expiry;
use crate::transport::http::checks::caller::Caller;
use crate::transport::http::checks::guard::{check_accept_sse, error_response};
use crate::transport::http::checks::headers::SESSION_ID;
use crate::transport::http::front_door::standing::{holding, Peer};
use crate::transport::http::sessions::answers::resumed;
use crate::transport::http::sessions::state::HttpState;

/// Opens the session's GET stream (replacing an earlier one).
pub(in crate::transport::http) async fn get(
    State(state): State<Arc<HttpState>>,
    Caller(caller): Caller,
    peer: Option<axum::Extension<Peer>>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = check_accept_sse(&headers) {
        return refused.into_response();
    }
    let Some(id) = headers.get(SESSION_ID).and_then(|v| v.to_str().ok()) else {
        // No session: nothing to stream (2026-07-28 clients use subscriptions/listen).
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    };
    let http = match state.find_session(id, caller.as_ref()).await {
        Ok(Some(http)) => http,
        Ok(None) => {
            let e = ErrorObject::invalid_request("unknown or expired session");
            return error_response(StatusCode::NOT_FOUND, None, &e);
        }
        Err(unavailable) => return unavailable,
    };
    let slot = match state.standing.claim(peer.map(|p| p.0)) {
        Ok(slot) => slot,
        Err(busy) => return busy.into_response(),
    };
    let last_event_id = headers.get("last-event-id").and_then(|v| v.to_str().ok());
    let stream = match last_event_id.and_then(|last| http.streams.find(last)) {
        Some((log, after)) => {
            let ends = log.id != http.session_stream.id;
            resumed(log.attach(Some(after)), log, after, ends)
        }
        None => {
            // A request's stream another instance holds, or this instance's GET stream.
            let shared = match last_event_id {
                Some(last) => state.resume_elsewhere(id, last).await,
                None => None,
            };
            shared.unwrap_or_else(|| {
                let (rx, seen) = http.session_stream.attach_at(None);
                resumed(rx, Arc::clone(&http.session_stream), seen, false)
            })
        }
    };
    until_expiry(holding(stream, slot), caller.as_ref())
}

/// Ends a session; later requests with its id get 404.
pub(in crate::transport::http) async fn delete(
    State(state): State<Arc<HttpState>>,
    Caller(caller): Caller,
    headers: HeaderMap,
) -> Response {
    let Some(id) = headers.get(SESSION_ID).and_then(|v| v.to_str().ok()) else {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    };
    match state.end_shared_session(id, caller.as_ref()).await {
        Ok(true) => StatusCode::OK.into_response(),
        Ok(false) => {
            error_response(StatusCode::NOT_FOUND, None, &ErrorObject::invalid_request("unknown or expired session"))
        }
        Err(unavailable) => unavailable,
    }
}
