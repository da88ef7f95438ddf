//! The few HTTP exchanges OAuth makes, on either side: with metadata
//! documents, JWKS, the registration, token and introspection endpoints,
//! each read whole.

use std::time::Duration;

use hyper::body::Bytes;
use hyper::Uri;
use serde_json::Value;

use super::{wire, FetchError};

/// An answer, read whole.
pub(crate) struct Reply {
    /// The status code.
    pub(crate) status: u16,
    /// The `Location` header, for redirects.
    pub(crate) location: Option<String>,
    /// The `DPoP-Nonce` header (RFC 9449 §8).
    pub(crate) dpop_nonce: Option<String>,
    /// The body.
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// Whether the status is 2xx.
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as a JSON object, if it is one.
    pub(crate) fn json(&self) -> Option<Value> {
        serde_json::from_slice::<Value>(&self.body).ok().filter(Value::is_object)
    }

    /// `HTTP 400: {"error":"invalid_grant"}`, for error messages.
    pub(crate) fn describe(&self) -> String {
        let body = String::from_utf8_lossy(&self.body);
        let body: String = body.trim().chars().take(300).collect();
        format!("HTTP {}: {body}", self.status)
    }
}

/// How long one exchange may take.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(30);

/// `GET url`, accepting JSON.
pub(crate) async fn get(url: &str) -> Result<Reply, FetchError> {
    exchange("GET", url, vec![("Accept".into(), "application/json".into())], Bytes::new()).await
}

/// `POST url` with a form body and extra `headers`.
pub(crate) async fn post_form(url: &str, form: String, headers: &[(String, String)]) -> Result<Reply, FetchError> {
    let mut all = vec![
        ("Accept".to_owned(), "application/json".to_owned()),
        ("Content-Type".to_owned(), "application/x-www-form-urlencoded".to_owned()),
    ];
    all.extend_from_slice(headers);
    exchange("POST", url, all, Bytes::from(form)).await
}

/// `POST url` with a JSON body.
pub(crate) async fn post_json(url: &str, body: &Value) -> Result<Reply, FetchError> {
    let headers = vec![
        ("Accept".to_owned(), "application/json".to_owned()),
        ("Content-Type".to_owned(), "application/json".to_owned()),
    ];
    exchange("POST", url, headers, Bytes::from(body.to_string())).await
}

async fn exchange(method: &str, url: &str, headers: Vec<(String, String)>, body: Bytes) -> Result<Reply, FetchError> {
    let uri: Uri = url.parse().map_err(|e| FetchError::Url(format!("`{url}` is not a URL: {e}")))?;
    let reply = async {
        let response = wire::send(method, &uri, &headers, body).await?;
        let status = response.status().as_u16();
        let location = wire::header(&response, "location").map(str::to_owned);
        let dpop_nonce = wire::header(&response, "dpop-nonce").map(str::to_owned);
        let body = wire::read_body(response.into_body(), crate::protocol::DEFAULT_MAX_MESSAGE_BYTES).await?;
        Ok(Reply { status, location, dpop_nonce, body })
    };
    tokio::time::timeout(EXCHANGE_TIMEOUT, reply).await.map_err(|_| FetchError::Timeout {
        method: method.to_owned(),
        url: url.to_owned(),
        after: EXCHANGE_TIMEOUT,
    })?
}
