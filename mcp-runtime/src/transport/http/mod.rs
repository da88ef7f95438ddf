//! HTTP transports (feature `http`): Streamable HTTP at one endpoint (`/mcp`
//! by default) for both the session era and stateless 2026-07-28, and the
//! legacy HTTP+SSE transport at `/sse` and `/messages/`.
//!
//! [`Server::into_router`](crate::Server::into_router) gives an axum
//! `Router` (a tower `Service`) to mount in your own app;
//! [`Server::serve_http`](crate::Server::serve_http) binds and serves it.

mod guard;
mod headers;
mod legacy;
mod post;
mod resume;
mod state;
mod stream;
mod streams;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::Router;

pub(crate) use state::HttpState;

use crate::server::core::ServerCore;

/// Settings of the HTTP transports.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// The Streamable HTTP endpoint (default `/mcp`).
    pub path: String,
    /// Extra `Host` values to accept, besides loopback names (`host[:port]`).
    pub allowed_hosts: Vec<String>,
    /// Extra `Origin` values to accept, besides loopback origins.
    pub allowed_origins: Vec<String>,
    /// The most session-era sessions open at once (default 1,000).
    pub max_sessions: usize,
    /// Sessions idle for longer are dropped (default 30 minutes).
    pub session_idle_timeout: Duration,
    /// The largest request body (default 4 MiB); larger ones get 413.
    pub max_body_bytes: usize,
    /// How long a client may take to send a body (default 30 s); then 408.
    pub body_timeout: Duration,
    /// How long a graceful shutdown waits for calls in flight (default 10 s).
    pub shutdown_grace: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            path: "/mcp".into(),
            allowed_hosts: Vec::new(),
            allowed_origins: Vec::new(),
            max_sessions: 1000,
            session_idle_timeout: Duration::from_secs(30 * 60),
            max_body_bytes: 4 * 1024 * 1024,
            body_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

impl HttpOptions {
    pub(crate) fn origin_allowed(&self, origin: &str) -> bool {
        guard::is_loopback_origin(origin) || self.allowed_origins.iter().any(|o| o == origin)
    }

    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        guard::is_loopback_authority(host)
            || self.allowed_hosts.iter().any(|h| h == host || host.split(':').next() == Some(h.as_str()))
    }
}

/// The router for a built server.
pub(crate) fn router(core: Arc<ServerCore>, options: HttpOptions) -> (Router, Arc<HttpState>) {
    let path = options.path.clone();
    let state = HttpState::new(core, options);
    let router = Router::new()
        .route(&path, post(post::post).get(streams::get).delete(streams::delete))
        .route("/sse", get(legacy::open))
        .route("/messages/", post(legacy::message))
        .route("/messages", post(legacy::message))
        .with_state(Arc::clone(&state));
    (router, state)
}

/// Binds `addr` and serves until SIGINT or SIGTERM, then lets calls in
/// flight finish within the grace period.
pub(crate) async fn serve(core: Arc<ServerCore>, options: HttpOptions, addr: SocketAddr) -> std::io::Result<()> {
    let grace = options.shutdown_grace;
    let idle = options.session_idle_timeout;
    let (router, state) = router(core, options);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("serving MCP over HTTP at http://{}", listener.local_addr()?);
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(expire_idle_sessions(Arc::downgrade(&state), idle));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    let mut stopped = stop_rx.clone();
    tokio::select! {
        result = server => result,
        () = async { let _ = stopped.wait_for(|s| *s).await; tokio::time::sleep(grace).await } => {
            tracing::warn!("calls still running after the {grace:?} grace period; stopping anyway");
            Ok(())
        }
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
