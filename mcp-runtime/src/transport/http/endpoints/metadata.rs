//! `GET /.well-known/oauth-protected-resource[/path]`: the protected-resource
//! metadata (RFC 9728) clients discover the authorization server with.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::transport::http::sessions::state::HttpState;

pub(in crate::transport::http) async fn metadata(State(state): State<Arc<HttpState>>, headers: HeaderMap) -> Response {
    let Some(gate) = &state.gate else { return StatusCode::NOT_FOUND.into_response() };
    let body = gate.metadata(&headers).to_string();
    let headers = [(header::CONTENT_TYPE, "application/json"), (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")];
    (StatusCode::OK, headers, body).into_response()
}
