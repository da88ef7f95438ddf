//! Checks every HTTP request passes before it reaches the protocol: DNS
//! rebinding protection (Host, Origin), content negotiation, and the error
//! responses those checks produce.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::protocol::jsonrpc::encode_error;
use crate::protocol::{ErrorObject, RequestId};
use crate::transport::http::options::HttpOptions;

/// A JSON-RPC error in an HTTP response with `status`.
pub(in crate::transport::http) fn error_response(
    status: StatusCode,
    id: Option<&RequestId>,
    error: &ErrorObject,
) -> Response {
    let body = encode_error(id, error);
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A request refused before it reaches the protocol.
#[derive(Debug)]
pub(in crate::transport::http) struct Refusal {
    status: StatusCode,
    error: Box<ErrorObject>,
}

impl Refusal {
    fn new(status: StatusCode, message: String) -> Self {
        Refusal { status, error: Box::new(ErrorObject::invalid_request(message)) }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        error_response(self.status, None, &self.error)
    }
}

/// Refuses requests whose Host or Origin is not allowed: a page of another
/// site (browsers apply no CORS to WebSockets, and a POST needs none to
/// arrive), or a name the server was not told (DNS rebinding).
pub(in crate::transport::http) fn check_origin_and_host(
    headers: &HeaderMap,
    options: &HttpOptions,
) -> Result<(), Refusal> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !options.origin_allowed(origin, host) {
            let message = format!(
                "origin `{origin}` is not allowed (a page of another site); to accept it, start the server \
                 with `--allowed-origin {origin}` (or MCP_ALLOWED_ORIGINS), or use HttpOptions::allowed_origin"
            );
            return Err(Refusal::new(StatusCode::FORBIDDEN, message));
        }
    }
    if !options.host_allowed(host) {
        let message = format!(
            "host `{host}` is not allowed (DNS-rebinding protection); to accept it, start the server with \
             `--allowed-host {host}` (or MCP_ALLOWED_HOSTS; `--allowed-host '*'` accepts any), or use \
             HttpOptions::allowed_host"
        );
        return Err(Refusal::new(StatusCode::MISDIRECTED_REQUEST, message));
    }
    Ok(())
}

/// POST bodies must be JSON.
pub(in crate::transport::http) fn check_content_type(headers: &HeaderMap) -> Result<(), Refusal> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json")) {
        return Ok(());
    }
    Err(Refusal::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json".into()))
}

/// POST clients must accept both JSON and SSE answers.
pub(in crate::transport::http) fn check_accept_post(headers: &HeaderMap) -> Result<(), Refusal> {
    let accept = accept_header(headers);
    if accepts(&accept, "application/json") && accepts(&accept, "text/event-stream") {
        return Ok(());
    }
    let message = "Accept must list both application/json and text/event-stream".into();
    Err(Refusal::new(StatusCode::NOT_ACCEPTABLE, message))
}

/// GET clients must accept SSE.
pub(in crate::transport::http) fn check_accept_sse(headers: &HeaderMap) -> Result<(), Refusal> {
    if accepts(&accept_header(headers), "text/event-stream") {
        return Ok(());
    }
    Err(Refusal::new(StatusCode::NOT_ACCEPTABLE, "Accept must list text/event-stream".into()))
}

fn accept_header(headers: &HeaderMap) -> String {
    headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",")
}

fn accepts(accept: &str, wanted: &str) -> bool {
    accept.split(',').map(|t| t.split(';').next().unwrap_or("").trim()).any(|t| t == wanted || t == "*/*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_lists_are_parsed() {
        assert!(accepts("application/json, text/event-stream;q=0.9", "text/event-stream"));
        assert!(!accepts("application/json", "text/event-stream"));
    }
}
