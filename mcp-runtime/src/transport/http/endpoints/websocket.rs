//! WebSocket upgrades on the HTTP listener (feature `server-websocket`), at `/`
//! and at the endpoint path: the same Host and Origin checks as any
//! request, the `mcp` subprotocol when the client offers it, the message
//! size limit, and a capped table of open sockets.

use std::sync::Arc;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::handler::Identity;
use crate::protocol::ErrorObject;
use crate::transport::http::checks::caller::Caller;
use crate::transport::http::checks::guard::error_response;
use crate::transport::http::front_door::standing::Peer;
use crate::transport::http::sessions::state::{HttpState, Socket};
use crate::transport::websocket::{serve_socket, SocketRules};
use crate::transport::BuiltServer;

/// Whether a request asks to become a WebSocket.
pub(in crate::transport::http) fn is_upgrade(headers: &HeaderMap) -> bool {
    headers.get(header::UPGRADE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// Upgrades a request to a WebSocket that serves MCP.
async fn upgrade(State(state): State<Arc<HttpState>>, caller: Caller, mut parts: Parts) -> Response {
    let slot = match state.standing.claim(parts.extensions.get::<Peer>().copied()) {
        Ok(slot) => slot,
        Err(busy) => return busy.into_response(),
    };
    let expires_at = caller.0.as_ref().and_then(Identity::expires_at);
    let extensions = caller.into_extensions();
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let limit = state.core.limits.max_message_bytes;
    let upgrade = upgrade.protocols(["mcp"]).max_message_size(limit).max_frame_size(limit);
    upgrade.on_upgrade(move |socket| async move {
        let _slot = slot;
        let stop = state.closing.child_token();
        let owner = extensions.get::<Identity>().map(Identity::owner);
        let (id, _) = state.sockets.insert(|_| Socket { stop: stop.clone(), owner });
        let service = BuiltServer { core: Arc::clone(&state.core) };
        let ping_interval = state.options.websocket_ping_interval;
        let rules = SocketRules { ping_interval, stop, extensions, expires_at };
        serve_socket(socket, &service, rules, || state.sockets.touch(&id)).await;
        state.sockets.remove(&id);
    })
}

/// `GET /`: a WebSocket upgrade, or a pointer to where MCP is served.
pub(in crate::transport::http) async fn root(state: State<Arc<HttpState>>, request: Request) -> Response {
    if !is_upgrade(request.headers()) {
        return not_websocket(&state);
    }
    let (mut parts, _body) = request.into_parts();
    match Caller::from_request_parts(&mut parts, &state).await {
        Ok(caller) => upgrade(state, caller, parts).await,
        Err(refused) => refused,
    }
}

/// `GET` at the endpoint: a WebSocket upgrade, or the session's SSE stream.
pub(in crate::transport::http) async fn endpoint_get(
    state: State<Arc<HttpState>>,
    caller: Caller,
    request: Request,
) -> Response {
    let (parts, _body) = request.into_parts();
    if is_upgrade(&parts.headers) {
        return upgrade(state, caller, parts).await;
    }
    let peer = parts.extensions.get::<Peer>().copied().map(axum::Extension);
    crate::transport::http::endpoints::session_stream::get(state, caller, peer, parts.headers).await
}

/// Anything else, when only WebSocket is served.
pub(in crate::transport::http) async fn fallback(State(state): State<Arc<HttpState>>) -> Response {
    not_websocket(&state)
}

/// A plain HTTP request where only WebSocket is served.
pub(in crate::transport::http) fn not_websocket(state: &HttpState) -> Response {
    let path = &state.options.path;
    let message = if state.options.websocket_only {
        "this server speaks MCP over WebSocket only: connect with ws:// (or wss://)".to_owned()
    } else {
        format!("MCP is served at {path} (Streamable HTTP), /sse (legacy SSE), and over WebSocket here and at {path}")
    };
    error_response(StatusCode::UPGRADE_REQUIRED, None, &ErrorObject::invalid_request(message))
}
