//! `GET /healthz` and `GET /readyz`, for load balancers and Kubernetes
//! probes. Neither needs a token or a known `Host`, and neither says more
//! than `ok` or why not.
//!
//! - `/healthz` (liveness): 200 while the process serves requests.
//! - `/readyz` (readiness): 200 when new sessions can be served; 503 while
//!   the session store is unreachable or the server is shutting down, so
//!   that the balancer sends new clients elsewhere.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::transport::http::sessions::state::HttpState;

pub(in crate::transport::http) async fn healthz() -> Response {
    plain(StatusCode::OK, "ok".to_owned())
}

pub(in crate::transport::http) async fn readyz(State(state): State<Arc<HttpState>>) -> Response {
    if state.closing.is_cancelled() {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "shutting down".to_owned());
    }
    match &state.options.session_store {
        Some(store) => match store.ping().await {
            Ok(()) => plain(StatusCode::OK, "ok".to_owned()),
            Err(e) => {
                crate::observe::store_error("ping");
                tracing::warn!("not ready: {e}");
                plain(StatusCode::SERVICE_UNAVAILABLE, "store unavailable".to_owned())
            }
        },
        None => plain(StatusCode::OK, "ok".to_owned()),
    }
}

fn plain(status: StatusCode, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], text)
        .into_response()
}
