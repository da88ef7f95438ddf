//! The router for a built server, and serving it on a socket until a
//! signal asks the process to stop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;

use crate::authorization::resource_url::ResourceUrls;
use crate::server::core::ServerCore;
use crate::server::BuildError;
use crate::transport::http::checks::bearer::{Gate, METADATA_PATH};
use crate::transport::http::endpoints;
use crate::transport::http::front_door::listener::{accept_until, Front};
use crate::transport::http::options::HttpOptions;
use crate::transport::http::scale_out::relay;
use crate::transport::http::sessions::state::HttpState;
use crate::transport::http::startup::Listening;

/// The router for a built server listening on `local` (unknown for a
/// router mounted elsewhere).
pub(crate) fn router(
    core: Arc<ServerCore>,
    options: HttpOptions,
    local: Option<SocketAddr>,
) -> Result<(Router, Arc<HttpState>), BuildError> {
    let path = options.path.clone();
    let websocket_only = options.websocket_only;
    let gate = gate(&core, &options, local)?;
    if let Some(store) = options.nonce_store.clone() {
        core.state_key.share_nonces(store);
    }
    if let Some(store) = options.task_store.clone() {
        core.tasks.use_store(store);
    }
    let metadata_paths = gate.as_ref().map(|gate| metadata_paths(&path, gate.resource_paths()));
    let state = HttpState::new(core, options, gate);
    start_sharing(&state);
    let mut router = if websocket_only { websocket_routes(&path) } else { all_routes(&path) };
    for metadata_path in metadata_paths.unwrap_or_default() {
        router = router.route(&metadata_path, get(endpoints::metadata::metadata));
    }
    router = router.route("/healthz", get(endpoints::health::healthz)).route("/readyz", get(endpoints::health::readyz));
    Ok((router.with_state(Arc::clone(&state)), state))
}

/// Starts what instances share (the notification bus, the event log), for
/// a server served here or a router mounted elsewhere; both need a tokio
/// runtime, which a router built outside one lacks.
fn start_sharing(state: &Arc<HttpState>) {
    let wanted = state.options.notification_bus.is_some() || state.options.event_log.is_some();
    if wanted && tokio::runtime::Handle::try_current().is_err() {
        tracing::warn!("the notification bus and the event log are off: build the router inside a tokio runtime");
        return;
    }
    if let Some(bus) = state.options.notification_bus.clone() {
        relay::start(state, bus);
    }
    state.share_streams();
}

/// Where the protected-resource metadata is served: under the well-known
/// prefix, with the endpoint's path and with the path of each resource URL
/// (which differ behind a proxy that rewrites paths), each once. Paths an
/// axum route cannot hold are left out.
fn metadata_paths(endpoint: &str, resource_paths: Vec<String>) -> Vec<String> {
    let mut paths: Vec<String> = std::iter::once(endpoint.trim_end_matches('/').to_owned())
        .chain(resource_paths)
        .filter(|p| !p.split('/').any(|segment| segment.starts_with([':', '*']) || segment.contains(['{', '}'])))
        .map(|p| format!("{METADATA_PATH}{p}"))
        .collect();
    paths.push(METADATA_PATH.to_owned());
    paths.sort();
    paths.dedup();
    paths
}

/// The authorization gate, when the options ask for one.
fn gate(core: &ServerCore, options: &HttpOptions, local: Option<SocketAddr>) -> Result<Option<Gate>, BuildError> {
    let Some(authorization) = options.authorization.clone() else { return Ok(None) };
    let resources = if !authorization.audiences.is_empty() {
        ResourceUrls::configured(&authorization.audiences)
    } else {
        let local = local.ok_or_else(|| {
            BuildError::Authorization(
                "a mounted router cannot tell its own URL: name it with Authorization::audience".into(),
            )
        })?;
        ResourceUrls::own(local, options.tls.is_some(), &options.allowed_hosts, &options.path)
            .map_err(|e| BuildError::Authorization(e.to_string()))?
    };
    Ok(Some(Gate::new(authorization, resources, core.all_item_scopes(), core.info.name.clone())))
}

/// Streamable HTTP at `path`, legacy SSE, and WebSocket upgrades at `/`
/// and `path` (feature `server-websocket`).
fn all_routes(path: &str) -> Router<Arc<HttpState>> {
    #[cfg(feature = "server-websocket")]
    let (endpoint_get, mut router) = (get(endpoints::websocket::endpoint_get), Router::new());
    #[cfg(feature = "server-websocket")]
    if path != "/" {
        router = router.route("/", axum::routing::any(endpoints::websocket::root));
    }
    #[cfg(not(feature = "server-websocket"))]
    let (endpoint_get, router) = (get(endpoints::session_stream::get), Router::new());
    router
        .route(path, endpoint_get.post(endpoints::post::post).delete(endpoints::session_stream::delete))
        .route("/sse", get(endpoints::legacy_sse::open))
        .route("/messages/", post(endpoints::legacy_sse::message))
        .route("/messages", post(endpoints::legacy_sse::message))
}

/// WebSocket alone, at `/` and `path`.
#[cfg(feature = "server-websocket")]
fn websocket_routes(path: &str) -> Router<Arc<HttpState>> {
    let router = Router::new().route("/", axum::routing::any(endpoints::websocket::root));
    let router = if path == "/" { router } else { router.route(path, axum::routing::any(endpoints::websocket::root)) };
    router.fallback(endpoints::websocket::fallback)
}

#[cfg(not(feature = "server-websocket"))]
fn websocket_routes(path: &str) -> Router<Arc<HttpState>> {
    all_routes(path)
}

/// Serves on `listener` until SIGINT or SIGTERM; then standing streams end
/// at once, and calls in flight get the grace period to finish.
pub(crate) async fn serve(core: Arc<ServerCore>, options: HttpOptions, listener: TcpListener) -> std::io::Result<()> {
    let (grace, idle, max_connections) =
        (options.shutdown_grace, options.session_idle_timeout, options.max_connections);
    let local = listener.local_addr()?;
    let (router, state) = router(core, options, Some(local)).map_err(std::io::Error::other)?;
    let front = front_door(router, &state.options)?;
    let listening = Listening {
        local,
        options: &state.options,
        tls: state.options.tls.is_some(),
        authorization: state.gate.as_ref().map(Gate::describe),
    };
    for line in listening.describe() {
        tracing::info!("{line}");
    }
    #[cfg(feature = "metrics")]
    if let Some(addr) = state.options.metrics {
        let local = endpoints::metrics::start(addr, state.closing.clone()).await?;
        tracing::info!("metrics: Prometheus at http://{local}/metrics");
    }
    tokio::spawn(expire_idle_sessions(Arc::downgrade(&state), idle));
    let stopping = async {
        shutdown_signal().await;
        state.shut_down();
    };
    if !accept_until(listener, front, max_connections, stopping, grace).await {
        tracing::warn!("calls still running after the {grace:?} grace period; stopping anyway");
    }
    Ok(())
}

/// The front door for `router`, with TLS when the options ask for it.
fn front_door(router: Router, options: &HttpOptions) -> std::io::Result<Front> {
    let front = Front::new(router, options);
    match &options.tls {
        None => Ok(front),
        #[cfg(feature = "tls")]
        Some(files) => Ok(front.with_tls(crate::transport::http::front_door::tls::acceptor(files)?)),
        #[cfg(not(feature = "tls"))]
        Some(_) => Err(std::io::Error::other("TLS needs mcp-runtime's `tls` feature")),
    }
}

async fn expire_idle_sessions(state: std::sync::Weak<HttpState>, idle: Duration) {
    let mut tick = tokio::time::interval(idle.min(Duration::from_secs(60)).max(Duration::from_millis(100)));
    loop {
        tick.tick().await;
        let Some(state) = state.upgrade() else { return };
        state.expire_idle();
    }
}

/// Completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: no new connections; waiting for calls in flight");
}
