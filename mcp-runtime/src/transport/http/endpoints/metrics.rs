//! `GET /metrics` on a listener of its own (`--metrics-port`), apart from
//! the MCP endpoint: scrapers reach it inside the cluster while the MCP
//! port faces clients, and neither the allowlists nor the tokens of the
//! MCP endpoint apply to it. It stops with the server.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tokio_util::sync::CancellationToken;

use crate::observe::{install, MetricsHandle};

/// Binds `addr`, turns recording on, and serves `/metrics` there until
/// `closing` is cancelled; the address it listens on.
pub(in crate::transport::http) async fn start(
    addr: SocketAddr,
    closing: CancellationToken,
) -> std::io::Result<SocketAddr> {
    let handle = install().map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let router = Router::new().route("/metrics", get(render)).with_state(Arc::new(handle));
    tokio::spawn(async move {
        let served = axum::serve(listener, router).with_graceful_shutdown(closing.cancelled_owned()).await;
        if let Err(e) = served {
            tracing::warn!("the metrics listener stopped: {e}");
        }
    });
    Ok(local)
}

async fn render(State(handle): State<Arc<MetricsHandle>>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render())
}
