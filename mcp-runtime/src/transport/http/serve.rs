//! The router for a built server, and serving it on a socket until a
//! signal asks the process to stop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::Router;

use super::options::HttpOptions;
use super::state::HttpState;
use crate::server::core::ServerCore;

/// The router for a built server.
pub(crate) fn router(core: Arc<ServerCore>, options: HttpOptions) -> (Router, Arc<HttpState>) {
    let path = options.path.clone();
    let state = HttpState::new(core, options);
    let router = Router::new()
        .route(&path, post(super::post::post).get(super::streams::get).delete(super::streams::delete))
        .route("/sse", get(super::legacy::open))
        .route("/messages/", post(super::legacy::message))
        .route("/messages", post(super::legacy::message))
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
