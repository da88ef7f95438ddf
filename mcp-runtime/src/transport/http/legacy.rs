//! The legacy HTTP+SSE transport (2024-11-05), at the URLs the seed uses:
//! `GET /sse` opens the stream and names the POST endpoint in an `endpoint`
//! event; `POST /messages/?session_id=..` takes a message and answers 202,
//! and the response arrives on the stream.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::mpsc;

use super::guard::{check_origin_and_host, error_response};
use super::sinks::ChannelSink;
use super::state::HttpState;
use super::stream::endless;
use crate::protocol::jsonrpc;
use crate::protocol::{codes, ErrorObject};

/// Forgets a legacy connection when its stream is dropped.
struct CloseOnDrop {
    state: Arc<HttpState>,
    id: String,
}

impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        self.state.close_legacy(&self.id);
    }
}

/// `GET /sse`.
pub(super) async fn open(State(state): State<Arc<HttpState>>, headers: HeaderMap) -> Response {
    if let Err(refused) = check_origin_and_host(&headers, &state.options) {
        return refused.into_response();
    }
    let (tx, rx) = mpsc::unbounded_channel();
    let (id, _) = state.open_legacy(Arc::new(ChannelSink::new(tx)));
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
    let Some(connection) = target.session_id.and_then(|id| state.legacy(&id)) else {
        return error_response(StatusCode::NOT_FOUND, None, &ErrorObject::invalid_request("unknown session_id"));
    };
    let limit = state.options.max_body_bytes;
    let Ok(body) = axum::body::to_bytes(request.into_body(), limit).await else {
        let e = ErrorObject::invalid_request(format!("the body exceeds the {limit}-byte limit"));
        return error_response(StatusCode::PAYLOAD_TOO_LARGE, None, &e);
    };
    let parsed = jsonrpc::parse(&body);
    if let Err(rejected) = &parsed {
        if rejected.error.code == codes::PARSE_ERROR {
            return error_response(StatusCode::BAD_REQUEST, None, &rejected.error);
        }
    }
    connection.feed_parsed(parsed, connection.sink(), false).await;
    (StatusCode::ACCEPTED, "Accepted").into_response()
}
