//! The legacy HTTP+SSE transport (2024-11-05), at the URLs the seed uses:
//! `GET /sse` opens the stream and names the POST endpoint in an `endpoint`
//! event; `POST /messages/?session_id=..` takes a message and answers 202,
//! and the response arrives on the stream.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::protocol::jsonrpc;
use crate::protocol::{codes, ErrorObject};
use crate::transport::http::checks::bearer::until_expiry;
use crate::transport::http::checks::body::read_body;
use crate::transport::http::checks::caller::Caller;
use crate::transport::http::checks::guard::error_response;
use crate::transport::http::front_door::standing::Peer;
use crate::transport::http::sessions::answers::endless;
use crate::transport::http::sessions::sinks::ChannelSink;
use crate::transport::http::sessions::state::HttpState;

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
pub(in crate::transport::http) async fn open(
    State(state): State<Arc<HttpState>>,
    Caller(caller): Caller,
    peer: Option<axum::Extension<Peer>>,
) -> Response {
    let slot = match state.standing.claim(peer.map(|p| p.0)) {
        Ok(slot) => slot,
        Err(busy) => return busy.into_response(),
    };
    let (tx, rx) = crate::transport::http::sessions::sinks::frame_channel();
    let id = state.open_legacy(Arc::new(ChannelSink::new(tx)), caller.as_ref());
    let endpoint = Bytes::from(format!("event: endpoint\ndata: /messages/?session_id={id}\n\n"));
    let closer = CloseOnDrop { state: Arc::clone(&state), id };
    until_expiry(endless(rx, Some(endpoint), Some(Box::new((closer, slot)))), caller.as_ref())
}

#[derive(Deserialize)]
pub(in crate::transport::http) struct Target {
    session_id: Option<String>,
}

/// `POST /messages/?session_id=..`.
pub(in crate::transport::http) async fn message(
    State(state): State<Arc<HttpState>>,
    caller: Caller,
    Query(target): Query<Target>,
    request: Request,
) -> Response {
    let found = target.session_id.and_then(|id| state.legacy(&id, caller.0.as_ref()).map(|legacy| (id, legacy)));
    let Some((id, legacy)) = found else {
        return error_response(StatusCode::NOT_FOUND, None, &ErrorObject::invalid_request("unknown session_id"));
    };
    if legacy.stream_closed() {
        // Its reader fell too far behind, or went away: nothing sent
        // there would be read.
        state.close_legacy(&id);
        let e = ErrorObject::invalid_request("this session's event stream was closed; open a new one at /sse");
        return error_response(StatusCode::NOT_FOUND, None, &e);
    }
    let (parts, body) = request.into_parts();
    let body = match read_body(body, &parts.headers, &state.options).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let connection = &legacy.connection;
    let parsed = jsonrpc::parse(&body);
    if let Err(rejected) = &parsed {
        if rejected.error.code == codes::PARSE_ERROR {
            return error_response(StatusCode::BAD_REQUEST, None, &rejected.error);
        }
    }
    connection.feed_parsed(parsed, connection.sink(), false, &caller.into_extensions()).await;
    (StatusCode::ACCEPTED, "Accepted").into_response()
}
