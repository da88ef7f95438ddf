//! `POST /mcp`: the session era (`initialize`, `Mcp-Session-Id`) and the
//! stateless 2026-07-28 era (`_meta`, mirrored headers), on one endpoint.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::sync::mpsc;

use super::guard::{check_accept_post, check_content_type, check_origin_and_host, error_response};
use super::headers::{
    check_mirrored_headers, check_param_headers, check_version_header, session_version_ok, SESSION_ID,
};
use super::state::{ChannelSink, HttpState};
use super::stream::{answer, answer_logged, Answer, CancelOnDrop};
use crate::protocol::{ErrorObject, ProtocolVersion, RequestId};
use crate::protocol::{Nowhere, Sink};
use crate::server::session::Session;

/// Handles one POST.
pub(super) async fn post(State(state): State<Arc<HttpState>>, request: Request) -> Response {
    let headers = request.headers().clone();
    if let Err(refused) = check_origin_and_host(&headers, &state.options)
        .and_then(|()| check_content_type(&headers))
        .and_then(|()| check_accept_post(&headers))
    {
        return refused.into_response();
    }
    let body = match read_body(request.into_body(), &state).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let message: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return error_response(StatusCode::BAD_REQUEST, None, &ErrorObject::parse_error(e)),
    };
    if message.pointer("/params/_meta/io.modelcontextprotocol~1protocolVersion").is_some() || stateless_header(&headers)
    {
        return stateless(&state, &headers, &body, &message).await;
    }
    session_era(&state, &headers, &body, &message).await
}

/// Reads the body within the size and time limits (413, 408).
async fn read_body(body: Body, state: &HttpState) -> Result<Bytes, Response> {
    let limit = state.options.max_body_bytes;
    match tokio::time::timeout(state.options.body_timeout, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => {
            let e = ErrorObject::invalid_request(format!("the body exceeds the {limit}-byte limit"));
            Err(error_response(StatusCode::PAYLOAD_TOO_LARGE, None, &e))
        }
        Err(_) => {
            let e = ErrorObject::invalid_request("the request body was not received in time");
            Err(error_response(StatusCode::REQUEST_TIMEOUT, None, &e))
        }
    }
}

/// The request names a stateless revision in `MCP-Protocol-Version`.
fn stateless_header(headers: &HeaderMap) -> bool {
    let version = headers.get("mcp-protocol-version").and_then(|v| v.to_str().ok()).and_then(ProtocolVersion::parse);
    version.is_some_and(|v| !v.uses_initialize())
}

async fn stateless(state: &HttpState, headers: &HeaderMap, body: &[u8], message: &Value) -> Response {
    let id = request_id(message);
    let checks = check_meta_present(message)
        .and_then(|()| check_version_header(headers, message))
        .and_then(|()| check_meta(message))
        .and_then(|()| check_mirrored_headers(headers, message))
        .and_then(|()| check_tool_param_headers(state, headers, message));
    if let Err(refused) = checks {
        return error_response(StatusCode::BAD_REQUEST, id.as_ref(), &refused);
    }
    let session = Session::new(Arc::clone(&state.core), Arc::new(Nowhere));
    dispatch(&session, body, id, Answer { stateless: true }).await
}

async fn session_era(state: &HttpState, headers: &HeaderMap, body: &[u8], message: &Value) -> Response {
    let id = request_id(message);
    if !session_version_ok(headers) {
        let e = ErrorObject::invalid_request("unsupported MCP-Protocol-Version header");
        return error_response(StatusCode::BAD_REQUEST, id.as_ref(), &e);
    }
    let session_id = headers.get(SESSION_ID).and_then(|v| v.to_str().ok());
    if message.get("method").and_then(Value::as_str) == Some("initialize") && session_id.is_none() {
        return initialize(state, body, id).await;
    }
    let Some(session_id) = session_id else {
        let e = ErrorObject::invalid_request("missing Mcp-Session-Id header; send `initialize` first");
        return error_response(StatusCode::BAD_REQUEST, id.as_ref(), &e);
    };
    let Some(http) = state.session(session_id) else {
        let e = ErrorObject::invalid_request("unknown or expired session");
        return error_response(StatusCode::NOT_FOUND, id.as_ref(), &e);
    };
    if id.is_none() || body.first() == Some(&b'[') {
        return dispatch(&http.session, body, id, Answer { stateless: false }).await;
    }
    let log = http.streams.open();
    let rx = log.attach(None);
    if let Some(job) = http.session.accept_via(body, log.clone()) {
        let Ok(permit) = Arc::clone(&http.session.permits).acquire_owned().await else {
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        };
        http.session.spawn(job, permit, &tokio::runtime::Handle::current());
    }
    answer_logged(rx, log).await
}

async fn initialize(state: &HttpState, body: &[u8], id: Option<RequestId>) -> Response {
    let Some((session_id, http)) = state.create_session() else {
        let e = ErrorObject::invalid_request("too many sessions; try again later");
        return error_response(StatusCode::SERVICE_UNAVAILABLE, id.as_ref(), &e);
    };
    let mut response = dispatch(&http.session, body, id, Answer { stateless: false }).await;
    if response.status().is_success() {
        if let Ok(value) = HeaderValue::from_str(&session_id) {
            response.headers_mut().insert(SESSION_ID, value);
        }
    } else {
        state.end_session(&session_id);
    }
    response
}

/// Feeds one message to a session and answers it: 202 for notifications
/// and responses, JSON or SSE for requests.
async fn dispatch(session: &Arc<Session>, body: &[u8], id: Option<RequestId>, shape: Answer) -> Response {
    let (tx, rx) = mpsc::unbounded_channel();
    let sink: Sink = Arc::new(ChannelSink(tx));
    if let Some(job) = session.accept_via(body, sink) {
        let Ok(permit) = Arc::clone(&session.permits).acquire_owned().await else {
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        };
        session.spawn(job, permit, &tokio::runtime::Handle::current());
    }
    match id {
        Some(id) => answer(rx, CancelOnDrop::new(Arc::clone(session), id), shape).await,
        None if body.first() == Some(&b'[') => answer_batch(rx).await,
        None => answer_without_id(rx, shape).await,
    }
}

/// A batch (2025-03-26 sessions): its one array of responses, or 202.
async fn answer_batch(mut rx: super::state::FrameRx) -> Response {
    match rx.recv().await {
        Some(frame) => {
            (StatusCode::OK, [(axum::http::header::CONTENT_TYPE, "application/json")], frame).into_response()
        }
        None => StatusCode::ACCEPTED.into_response(),
    }
}

/// Notifications and responses get 202; batches and unparsable messages
/// get whatever the session answered.
async fn answer_without_id(mut rx: super::state::FrameRx, shape: Answer) -> Response {
    match rx.try_recv() {
        Ok(frame) => {
            let status = if shape.stateless { StatusCode::BAD_REQUEST } else { StatusCode::OK };
            (status, [(axum::http::header::CONTENT_TYPE, "application/json")], frame).into_response()
        }
        Err(_) => StatusCode::ACCEPTED.into_response(),
    }
}

/// For `tools/call`: the tool's `x-mcp-header` arguments against their headers.
fn check_tool_param_headers(state: &HttpState, headers: &HeaderMap, message: &Value) -> Result<(), ErrorObject> {
    if message.get("method").and_then(Value::as_str) != Some("tools/call") {
        return Ok(());
    }
    let Some(name) = message.pointer("/params/name").and_then(Value::as_str) else { return Ok(()) };
    let tools = state.core.registry.tools.load();
    match tools.get(name) {
        Some(tool) => check_param_headers(headers, message, &tool.tool().input_schema),
        None => Ok(()),
    }
}

/// A stateless request must name its version in `_meta`.
fn check_meta_present(message: &Value) -> Result<(), ErrorObject> {
    match message.pointer("/params/_meta/io.modelcontextprotocol~1protocolVersion") {
        Some(_) => Ok(()),
        None => Err(ErrorObject::invalid_params(
            "invalid `_meta`: a 2026-07-28 request needs `_meta` with `io.modelcontextprotocol/protocolVersion`",
        )),
    }
}

/// A stateless request must carry a valid `_meta`: `-32602` (or `-32022`
/// for an unsupported version), answered with 400.
fn check_meta(message: &Value) -> Result<(), ErrorObject> {
    let params = message.get("params").cloned().unwrap_or(Value::Null);
    let raw = serde_json::value::to_raw_value(&params).map_err(ErrorObject::internal)?;
    match crate::protocol::scope::stateless_scope(Some(&raw))? {
        Some(_) => Ok(()),
        None => Err(ErrorObject::invalid_params(
            "invalid `_meta`: a 2026-07-28 request needs `_meta` with `io.modelcontextprotocol/protocolVersion`",
        )),
    }
}

/// The id of a request (not of a notification or a response).
fn request_id(message: &Value) -> Option<RequestId> {
    message.get("method")?;
    serde_json::from_value(message.get("id")?.clone()).ok()
}
