//! Reading a POST body within the limits: a declared `Content-Length` over
//! the limit is refused before a byte is read (413), a body that grows past
//! it is cut off (413), a slow one times out (408), and broken framing (a
//! bad chunk size, a connection cut mid-body) is a bad request (400).
//!
//! A refused body is read and thrown away in the background for a while
//! (a "lingering close"), so that a client still sending it reads the
//! refusal instead of a connection reset.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use http_body_util::BodyExt;

use crate::protocol::ErrorObject;
use crate::transport::http::checks::guard::error_response;
use crate::transport::http::options::HttpOptions;

/// The body, read whole, or the response that refuses it.
pub(in crate::transport::http) async fn read_body(
    body: Body,
    headers: &HeaderMap,
    options: &HttpOptions,
) -> Result<Bytes, Response> {
    let limit = options.max_body_bytes;
    if declared_length(headers).is_some_and(|length| length > limit as u64) {
        linger(body, options);
        return Err(too_large(limit));
    }
    match tokio::time::timeout(options.body_timeout, collect(body, limit)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(Unread::TooLarge(rest))) => {
            linger(rest, options);
            Err(too_large(limit))
        }
        Ok(Err(Unread::Broken(error))) => {
            let e = ErrorObject::invalid_request(format!("the request body could not be read: {error}"));
            Err(error_response(StatusCode::BAD_REQUEST, None, &e))
        }
        Err(_) => {
            let e = ErrorObject::invalid_request("the request body was not received in time");
            Err(error_response(StatusCode::REQUEST_TIMEOUT, None, &e))
        }
    }
}

/// Why a body was not read whole.
enum Unread {
    /// It grew past the limit; the rest of it.
    TooLarge(Body),
    /// Its framing was broken, or the connection failed.
    Broken(axum::Error),
}

/// Reads frames until the end, or until more than `limit` bytes came.
async fn collect(mut body: Body, limit: usize) -> Result<Bytes, Unread> {
    let mut collected = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(Unread::Broken)?;
        if let Ok(data) = frame.into_data() {
            if collected.len() + data.len() > limit {
                return Err(Unread::TooLarge(body));
            }
            collected.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(collected))
}

/// Reads and drops what is left of a refused body, for at most the body
/// timeout and twice the body limit, then lets the connection close.
fn linger(mut body: Body, options: &HttpOptions) {
    let budget = options.max_body_bytes.saturating_mul(2);
    let time = options.body_timeout.min(Duration::from_secs(10));
    tokio::spawn(async move {
        let draining = async {
            let mut read = 0usize;
            while let Some(Ok(frame)) = body.frame().await {
                read += frame.data_ref().map_or(0, Bytes::len);
                if read > budget {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(time, draining).await;
    });
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

fn too_large(limit: usize) -> Response {
    let e = ErrorObject::invalid_request(format!("the body exceeds the {limit}-byte limit"));
    error_response(StatusCode::PAYLOAD_TOO_LARGE, None, &e)
}
