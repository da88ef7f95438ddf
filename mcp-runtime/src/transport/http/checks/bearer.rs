//! The resource server's side of MCP authorization over HTTP: bearer
//! tokens checked on every request (401 with a `WWW-Authenticate`
//! challenge that points to the protected-resource metadata), the token's
//! audience checked against the server's own URL (RFC 8707: no token
//! minted for another resource passes), scopes checked per request (403
//! `insufficient_scope`, naming every scope the request needs, so that the
//! client can step up), and the metadata itself (RFC 9728).

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::authorization::resource_url::{canonical, split_at_path, ResourceUrls};
use crate::authorization::{Authorization, TokenError};
use crate::handler::Identity;
use crate::server::item_scopes::missing;

/// The well-known path of protected-resource metadata (RFC 9728).
pub(in crate::transport::http) const METADATA_PATH: &str = "/.well-known/oauth-protected-resource";

/// Authorization as one HTTP server enforces it.
pub(crate) struct Gate {
    authorization: Authorization,
    /// The resource URLs tokens may be issued for.
    resources: ResourceUrls,
    /// Every scope the server's items name, for `scopes_supported`.
    item_scopes: Vec<String>,
    /// The server's name, for `resource_name`.
    name: String,
}

/// Why a request is refused before it reaches the protocol.
pub(in crate::transport::http) struct Challenge(Box<Response>);

impl IntoResponse for Challenge {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl Gate {
    pub(in crate::transport::http) fn new(
        authorization: Authorization,
        resources: ResourceUrls,
        item_scopes: Vec<String>,
        name: String,
    ) -> Self {
        Gate { authorization, resources, item_scopes, name }
    }

    /// The caller of a request: its bearer token verified, issued for this
    /// server, and carrying the scopes every request needs.
    pub(in crate::transport::http) async fn admit(&self, headers: &HeaderMap) -> Result<Identity, Challenge> {
        let Some(token) = bearer_token(headers) else {
            return Err(self.unauthorized(headers, None));
        };
        let identity = match self.authorization.verifier.verify(token).await {
            Ok(identity) => identity,
            Err(TokenError::Invalid(why)) => return Err(self.unauthorized(headers, Some(&why))),
            Err(TokenError::Unavailable(why)) => return Err(unavailable(&why)),
        };
        if let Some(audience) = identity.audience() {
            if !audience.iter().any(|aud| self.resources.contains(&canonical(aud))) {
                let why = format!("the token was issued for {}, not for this server", shown(audience));
                return Err(self.unauthorized(headers, Some(&why)));
            }
        }
        self.check_scopes(&identity, headers, &[])?;
        Ok(identity)
    }

    /// Whether `identity` holds every scope the server requires plus
    /// `item_scopes`; otherwise the 403 that names all of them.
    pub(in crate::transport::http) fn check_scopes(
        &self,
        identity: &Identity,
        headers: &HeaderMap,
        item_scopes: &[String],
    ) -> Result<(), Challenge> {
        let mut required = self.authorization.required_scopes.clone();
        required.extend(item_scopes.iter().filter(|s| !required.contains(s)).cloned().collect::<Vec<_>>());
        let lacking = missing(identity, &required);
        if lacking.is_empty() {
            return Ok(());
        }
        let scope = required.join(" ");
        let description = format!("this request needs scope `{scope}`; the token lacks `{}`", lacking.join(" "));
        let challenge = format!(
            r#"Bearer error="insufficient_scope", scope="{scope}", resource_metadata="{}", error_description="{}""#,
            self.metadata_url(headers),
            quoted(&description)
        );
        Err(Challenge(Box::new(oauth_error(StatusCode::FORBIDDEN, &challenge, "insufficient_scope", &description))))
    }

    /// 401: no token, or one refused. Why it was refused goes to the log
    /// only: the caller is not known yet.
    fn unauthorized(&self, headers: &HeaderMap, why: Option<&str>) -> Challenge {
        let mut challenge = format!(r#"Bearer resource_metadata="{}""#, self.metadata_url(headers));
        if !self.authorization.required_scopes.is_empty() {
            challenge.push_str(&format!(r#", scope="{}""#, self.authorization.required_scopes.join(" ")));
        }
        let description = match why {
            None => "this server needs a bearer token",
            Some(why) => {
                tracing::info!("a bearer token was refused: {why}");
                challenge.push_str(&format!(r#", error="invalid_token", error_description="{REFUSED}""#));
                REFUSED
            }
        };
        Challenge(Box::new(oauth_error(StatusCode::UNAUTHORIZED, &challenge, "invalid_token", description)))
    }

    /// Where the metadata of the resource this request addressed lives.
    fn metadata_url(&self, headers: &HeaderMap) -> String {
        let resource = self.resources.for_host(host_of(headers));
        let (origin, path) = split_at_path(resource);
        format!("{origin}{METADATA_PATH}{}", path.trim_end_matches('/'))
    }

    /// The protected-resource metadata (RFC 9728) for the resource the
    /// request's `Host` names.
    pub(in crate::transport::http) fn metadata(&self, headers: &HeaderMap) -> Value {
        let mut scopes = self.authorization.required_scopes.clone();
        scopes.extend(self.item_scopes.iter().filter(|s| !scopes.contains(s)).cloned().collect::<Vec<_>>());
        json!({
            "resource": self.resources.for_host(host_of(headers)),
            "authorization_servers": self.authorization.authorization_servers,
            "scopes_supported": scopes,
            "bearer_methods_supported": ["header"],
            "resource_name": self.name,
        })
    }

    /// The paths of the resource URLs, for the metadata routes.
    pub(in crate::transport::http) fn resource_paths(&self) -> Vec<String> {
        self.resources.paths()
    }

    /// A description for the start-up log.
    pub(in crate::transport::http) fn describe(&self) -> String {
        format!("{}; tokens must be issued for {}", self.authorization.describe(), self.resources.describe())
    }
}

/// The caller of a request, when the server authorizes requests.
pub(in crate::transport::http) async fn caller(
    gate: Option<&Gate>,
    headers: &HeaderMap,
) -> Result<Option<Identity>, Challenge> {
    match gate {
        Some(gate) => gate.admit(headers).await.map(Some),
        None => Ok(None),
    }
}

/// The least a stream lives, even for a token admitted within the clock
/// leeway after its `exp`: long enough for its first event (the id a
/// session-era client resumes from) to go out.
const LEAST_STREAM_LIFE: std::time::Duration = std::time::Duration::from_secs(1);

/// Ends a standing stream (a session's GET stream, legacy `/sse`) when the
/// token that opened it expires; the client reconnects with a fresh one.
pub(in crate::transport::http) fn until_expiry(response: Response, caller: Option<&Identity>) -> Response {
    cut_at(response, caller.and_then(Identity::expires_at))
}

/// Ends `response`'s body at `expires_at` (seconds since the epoch), and
/// not before [`LEAST_STREAM_LIFE`]; without an expiry, never.
fn cut_at(response: Response, expires_at: Option<u64>) -> Response {
    use futures_util::StreamExt;
    let Some(expires_at) = expires_at else { return response };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let left = std::time::Duration::from_secs(expires_at).saturating_sub(now).max(LEAST_STREAM_LIFE);
    let (parts, body) = response.into_parts();
    let body = axum::body::Body::from_stream(body.into_data_stream().take_until(tokio::time::sleep(left)));
    Response::from_parts(parts, body)
}

/// Ends a POST's SSE answer (a long call, a `subscriptions/listen` stream)
/// at `expires_at`, the caller's token's expiry, as [`until_expiry`] does
/// for standing streams. A JSON answer is left whole.
pub(in crate::transport::http) fn streamed_until_expiry(response: Response, expires_at: Option<u64>) -> Response {
    let streamed =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream"));
    if streamed {
        cut_at(response, expires_at)
    } else {
        response
    }
}

/// The token of `Authorization: Bearer <token>`.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn host_of(headers: &HeaderMap) -> &str {
    headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("")
}

fn shown(audience: &[String]) -> String {
    if audience.is_empty() {
        "no audience".to_owned()
    } else {
        audience.join(", ")
    }
}

/// Text safe inside a quoted header parameter: visible ASCII and spaces,
/// at most 200 characters (it may quote what a peer sent, such as a `kid`).
fn quoted(text: &str) -> String {
    let safe = |c: &char| (c.is_ascii_graphic() || *c == ' ') && *c != '"' && *c != '\\';
    text.chars().filter(safe).take(200).collect()
}

/// An OAuth error response: `WWW-Authenticate` and a JSON body.
fn oauth_error(status: StatusCode, challenge: &str, error: &str, description: &str) -> Response {
    let body = json!({ "error": error, "error_description": description }).to_string();
    let mut response = (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    if let Ok(value) = HeaderValue::from_str(challenge) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

/// What a caller whose token was refused is told.
const REFUSED: &str = "the token is invalid, expired or not for this server; get a new one";

/// 503: the token could not be checked now. Why (an issuer's address, its
/// answer) goes to the log only.
fn unavailable(why: &str) -> Challenge {
    tracing::warn!("a bearer token could not be checked: {why}");
    let description = "the token cannot be checked now; try again shortly";
    let body = json!({ "error": "temporarily_unavailable", "error_description": description }).to_string();
    let headers = [(header::CONTENT_TYPE, "application/json"), (header::RETRY_AFTER, "5")];
    Challenge(Box::new((StatusCode::SERVICE_UNAVAILABLE, headers, body).into_response()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_are_read_case_insensitively() {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("bearer abc.def"));
        assert_eq!(bearer_token(&headers), Some("abc.def"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&headers), None);
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer_token(&headers), None);
    }

    #[test]
    fn the_origin_is_found() {
        assert_eq!(split_at_path("https://a.example:8443/mcp").0, "https://a.example:8443");
        assert_eq!(split_at_path("http://a").0, "http://a");
    }
}
