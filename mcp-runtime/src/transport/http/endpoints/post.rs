//! `POST /mcp`: the session era (`initialize`, `Mcp-Session-Id`) and the
//! stateless 2026-07-28 era (`_meta`, mirrored headers), on one endpoint.
//!
//! The body is parsed once, strictly, into a JSON-RPC message; the headers
//! are checked against a view of its params read in one more pass; the
//! message then goes to the core as it is.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio_util::sync::CancellationToken;

use crate::handler::PeerAddress;
use crate::handler::{Extensions, Identity};
use crate::protocol::jsonrpc::{self, Incoming, Rejected};
use crate::protocol::method::Method;
use crate::protocol::scope::Scope;
use crate::protocol::{ErrorObject, ProtocolVersion, RequestId, Sink};
use crate::server::call::Route;
use crate::server::item_scopes::ItemScopesChecked;
use crate::transport::http::checks::bearer::{streamed_until_expiry, Challenge};
use crate::transport::http::checks::body::read_body;
use crate::transport::http::checks::caller::Caller;
use crate::transport::http::checks::guard::{check_accept_post, check_content_type, error_response};
use crate::transport::http::checks::headers::{
    check_mirrored_headers, check_param_headers, check_version_header, session_version_ok, SESSION_ID,
};
use crate::transport::http::checks::params_view::BodyView;
use crate::transport::http::front_door::standing::Peer;
use crate::transport::http::scale_out::shared_sessions;
use crate::transport::http::sessions::answers::{answer_logged, json_answer, respond, Answer, CancelOnDrop};
use crate::transport::http::sessions::sinks::{frame_channel, ChannelSink, FrameRx};
use crate::transport::http::sessions::state::{HttpSession, HttpState};
use crate::transport::Connection;

/// Handles one POST.
pub(in crate::transport::http) async fn post(
    State(state): State<Arc<HttpState>>,
    caller: Caller,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    if let Err(refused) = check_content_type(&headers).and_then(|()| check_accept_post(&headers)) {
        return refused.into_response();
    }
    let mut extensions = caller.into_extensions();
    if let Some(peer) = parts.extensions.get::<Peer>() {
        extensions.insert(PeerAddress(peer.0));
    }
    let body = match read_body(body, &headers, &state.options).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let parsed = jsonrpc::parse(&body);
    if let Err(rejected) = &parsed {
        return error_response(StatusCode::BAD_REQUEST, rejected.id.as_ref(), &rejected.error);
    }
    let view = BodyView::of(&parsed);
    match check_item_scopes(&state, &headers, &view, &extensions) {
        Ok(Some(checked)) => _ = extensions.insert(checked),
        Ok(None) => {}
        Err(challenge) => return challenge.into_response(),
    }
    let expires_at = extensions.get::<Identity>().and_then(Identity::expires_at);
    let response = if view.names_a_version() || stateless_header(&headers) {
        let checked = stateless_checks(&state, &headers, &view);
        drop(view);
        stateless(&state, parsed, checked, extensions).await
    } else {
        drop(view);
        session_era(&state, &headers, parsed, &extensions).await
    };
    streamed_until_expiry(response, expires_at)
}

/// The scopes of the tool, prompt or resource the request names, when the
/// server authorizes requests: 403 with every scope it needs otherwise.
/// What was checked, so that the core does not check it again.
fn check_item_scopes(
    state: &HttpState,
    headers: &HeaderMap,
    view: &BodyView<'_>,
    extensions: &Extensions,
) -> Result<Option<ItemScopesChecked>, Challenge> {
    let (Some(gate), Some(identity)) = (&state.gate, extensions.get::<Identity>()) else { return Ok(None) };
    let Some(method) = view.known else { return Ok(None) };
    let item_scopes = state.core.item_scopes(method, view.target.as_deref());
    gate.check_scopes(identity, headers, &item_scopes)?;
    Ok(view.target.as_deref().map(|target| ItemScopesChecked { method, target: target.into() }))
}

/// The request names a stateless revision in `MCP-Protocol-Version`.
fn stateless_header(headers: &HeaderMap) -> bool {
    let version = headers.get("mcp-protocol-version").and_then(|v| v.to_str().ok()).and_then(ProtocolVersion::parse);
    version.is_some_and(|v| !v.uses_initialize())
}

async fn stateless(
    state: &HttpState,
    parsed: Result<Incoming, Rejected>,
    checked: Result<Scope, ErrorObject>,
    extensions: Extensions,
) -> Response {
    let id = match &parsed {
        Ok(Incoming::Request(request)) => Some(request.id.clone()),
        _ => None,
    };
    let scope = match checked {
        Ok(scope) => scope,
        Err(refused) => return error_response(StatusCode::BAD_REQUEST, id.as_ref(), &refused),
    };
    match parsed {
        Ok(Incoming::Request(request)) => answer_stateless(state, request, scope, extensions).await,
        Ok(Incoming::Batch(_)) => {
            let e = ErrorObject::invalid_request("JSON-RPC batches are not part of protocol revision 2026-07-28");
            error_response(StatusCode::BAD_REQUEST, None, &e)
        }
        // Notifications and responses: nothing to answer without a session.
        _ => StatusCode::ACCEPTED.into_response(),
    }
}

/// The 2026-07-28 checks, in the order the specification lists them;
/// the request's scope when they pass.
fn stateless_checks(state: &HttpState, headers: &HeaderMap, view: &BodyView<'_>) -> Result<Scope, ErrorObject> {
    let meta = view.meta.as_ref().filter(|_| view.names_a_version()).ok_or_else(|| {
        ErrorObject::invalid_params(
            "invalid `_meta`: a 2026-07-28 request needs `_meta` with `io.modelcontextprotocol/protocolVersion`",
        )
    })?;
    let mirrored = view.mirrored();
    check_version_header(headers, &mirrored)?;
    let scope = meta.scope()?;
    check_mirrored_headers(headers, &mirrored)?;
    if view.known == Some(Method::ToolsCall) {
        let tools = state.core.registry.tools.load();
        if let Some(tool) = view.target.as_deref().and_then(|name| tools.get(name)) {
            check_param_headers(headers, view.arguments, tool.mirrored_params())?;
        }
    }
    Ok(scope)
}

/// Runs a stateless request: no session, its own sink, cancelled if the
/// client goes away before the answer. The request runs in this task until
/// it answers (plain JSON, no task, no channel hop) or sends something
/// first; then it goes on in a task of its own, and the answer streams.
async fn answer_stateless(
    state: &HttpState,
    request: jsonrpc::Request,
    scope: Scope,
    extensions: Extensions,
) -> Response {
    let (tx, mut rx) = frame_channel();
    let sink: Sink = Arc::new(ChannelSink::new(tx));
    let cancel = CancellationToken::new();
    let route = Route { session: None, sink: Arc::clone(&sink), cancel: cancel.clone(), extensions };
    let core = Arc::clone(&state.core);
    let mut work = Box::pin(Connection::answer_alone(core, request, scope, route));
    let shape = Answer { stateless: true };
    tokio::select! {
        biased;
        frame = &mut work => match rx.try_recv() {
            Err(_) => json_answer(&frame, shape),
            Ok(first) => {
                sink.send(frame);
                sink.finish();
                respond(first, rx, CancelOnDrop::new(cancel), shape)
            }
        },
        Some(first) = rx.recv() => {
            let guard = CancelOnDrop::new(cancel.clone());
            tokio::spawn(async move {
                tokio::select! {
                    biased;
                    () = cancel.cancelled() => {}
                    frame = work => sink.send(frame),
                }
                sink.finish();
            });
            respond(first, rx, guard, shape)
        }
    }
}

async fn session_era(
    state: &HttpState,
    headers: &HeaderMap,
    parsed: Result<Incoming, Rejected>,
    extensions: &Extensions,
) -> Response {
    let id = match &parsed {
        Ok(Incoming::Request(request)) => Some(request.id.clone()),
        _ => None,
    };
    if !session_version_ok(headers) {
        let e = ErrorObject::invalid_request("unsupported MCP-Protocol-Version header");
        return error_response(StatusCode::BAD_REQUEST, id.as_ref(), &e);
    }
    let session_id = headers.get(SESSION_ID).and_then(|v| v.to_str().ok());
    let is_initialize = matches!(&parsed, Ok(Incoming::Request(r)) if r.known == Some(Method::Initialize));
    if is_initialize && session_id.is_none() {
        return initialize(state, parsed, id, extensions).await;
    }
    let Some(session_id) = session_id else {
        let e = ErrorObject::invalid_request("missing Mcp-Session-Id header; send `initialize` first");
        return error_response(StatusCode::BAD_REQUEST, id.as_ref(), &e);
    };
    let http = match state.find_session(session_id, extensions.get::<Identity>()).await {
        Ok(Some(http)) => http,
        Ok(None) => {
            let e = ErrorObject::invalid_request("unknown or expired session");
            return error_response(StatusCode::NOT_FOUND, id.as_ref(), &e);
        }
        Err(unavailable) => return unavailable,
    };
    match (parsed, id) {
        (Ok(Incoming::Request(request)), Some(_)) => {
            let changes = shared_sessions::changes_the_session(request.known);
            let response = answer_resumable(state, session_id, &http, request, extensions).await;
            if changes {
                if let Err(e) = state.share_session(session_id, &http).await {
                    tracing::warn!(
                        session = crate::util::shown_id(session_id),
                        "the session's change was not shared: {e}"
                    );
                }
            }
            response
        }
        (Ok(Incoming::Batch(items)), _) => answer_batch(state, session_id, &http, items, extensions).await,
        (Ok(Incoming::Response { id, outcome }), _) => {
            match state.route_client_answer(session_id, &http, id, outcome).await {
                Ok(()) => StatusCode::ACCEPTED.into_response(),
                Err(unavailable) => unavailable,
            }
        }
        (other, _) => {
            let (sink, mut rx) = channel_sink();
            http.connection.feed_parsed(other, sink, false, extensions).await;
            match rx.try_recv() {
                Ok(frame) => json_response(StatusCode::OK, frame),
                Err(_) => StatusCode::ACCEPTED.into_response(),
            }
        }
    }
}

/// A session-era request, answered through a resumable stream. A plain JSON
/// answer leaves nothing to resume; a stream is kept for `Last-Event-ID`
/// (and shared with the other instances, when they share an event log).
async fn answer_resumable(
    state: &HttpState,
    session_id: &str,
    http: &HttpSession,
    request: jsonrpc::Request,
    extensions: &Extensions,
) -> Response {
    let request_id = request.id.clone();
    let log = http.streams.new_log();
    let rx = log.attach(None);
    http.connection.feed_parsed(Ok(Incoming::Request(request)), log.clone(), true, extensions).await;
    let response = answer_logged(rx, Arc::clone(&log)).await;
    let streamed = response.headers().get(axum::http::header::CONTENT_TYPE).is_some_and(|t| t == "text/event-stream");
    if streamed {
        http.streams.keep(&log);
        state.mirror(session_id, &log, &request_id).await;
    }
    response
}

/// A batch (2025-03-26 sessions): its one array of responses, or 202. The
/// client's answers in it are routed first, as a lone answer is, so that an
/// answer to another instance's request reaches that instance; one that
/// cannot be published makes the whole batch a 503, to be sent again.
async fn answer_batch(
    state: &HttpState,
    session_id: &str,
    http: &HttpSession,
    items: Vec<Result<Incoming, Rejected>>,
    extensions: &Extensions,
) -> Response {
    let allowed = http.connection.session().protocol_version().is_some_and(ProtocolVersion::allows_batches);
    let items = if allowed {
        match route_answers(state, session_id, http, items).await {
            Ok(rest) if rest.is_empty() => return StatusCode::ACCEPTED.into_response(),
            Ok(rest) => rest,
            Err(unavailable) => return unavailable,
        }
    } else {
        items
    };
    let (sink, mut rx) = channel_sink();
    http.connection.feed_parsed(Ok(Incoming::Batch(items)), sink, false, extensions).await;
    match rx.recv().await {
        Some(frame) => json_response(StatusCode::OK, frame),
        None => StatusCode::ACCEPTED.into_response(),
    }
}

/// Routes the client's answers of a batch; the rest of it stays to be run.
async fn route_answers(
    state: &HttpState,
    session_id: &str,
    http: &HttpSession,
    items: Vec<Result<Incoming, Rejected>>,
) -> Result<Vec<Result<Incoming, Rejected>>, Response> {
    let mut rest = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Ok(Incoming::Response { id, outcome }) => state.route_client_answer(session_id, http, id, outcome).await?,
            other => rest.push(other),
        }
    }
    Ok(rest)
}

async fn initialize(
    state: &HttpState,
    parsed: Result<Incoming, Rejected>,
    id: Option<RequestId>,
    extensions: &Extensions,
) -> Response {
    let (session_id, http) = state.create_session(extensions.get::<Identity>());
    let (sink, mut rx) = channel_sink();
    http.connection.feed_parsed(parsed, sink, true, extensions).await;
    let Some(frame) = rx.recv().await else {
        state.end_session(&session_id, extensions.get::<Identity>());
        let e = ErrorObject::internal("`initialize` ended without an answer");
        return error_response(StatusCode::INTERNAL_SERVER_ERROR, id.as_ref(), &e);
    };
    if !is_success(&frame) {
        state.end_session(&session_id, extensions.get::<Identity>());
        return json_response(StatusCode::OK, frame);
    }
    if let Err(e) = state.share_session(&session_id, &http).await {
        state.end_session(&session_id, extensions.get::<Identity>());
        return shared_sessions::unavailable_response(&e);
    }
    let mut response = json_response(StatusCode::OK, frame);
    if let Ok(value) = HeaderValue::from_str(&session_id) {
        response.headers_mut().insert(SESSION_ID, value);
    }
    response
}

/// Whether a response frame carries a `result`.
fn is_success(frame: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Outcome<'a> {
        #[serde(borrow)]
        result: Option<&'a serde_json::value::RawValue>,
    }
    serde_json::from_slice::<Outcome<'_>>(frame).is_ok_and(|o| o.result.is_some())
}

fn channel_sink() -> (Sink, FrameRx) {
    let (tx, rx) = frame_channel();
    (Arc::new(ChannelSink::new(tx)), rx)
}

fn json_response(status: StatusCode, frame: Vec<u8>) -> Response {
    (status, [(axum::http::header::CONTENT_TYPE, "application/json")], frame).into_response()
}
