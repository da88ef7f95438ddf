//! The authorization server's endpoints.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use jsonwebtoken::{DecodingKey, Validation};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::keys::{base64url, sign};
use super::{now, Grant, Inner, RegisteredClient};

type Shared = State<Arc<Inner>>;
type Params = HashMap<String, String>;

pub(super) fn router(inner: Arc<Inner>) -> Router {
    Router::new()
        .route("/.well-known/oauth-authorization-server", get(metadata))
        .route("/.well-known/openid-configuration", get(metadata))
        .route("/jwks", get(jwks))
        .route("/register", post(register))
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .route("/introspect", post(introspect))
        .with_state(inner)
}

/// An OAuth error answer: status, `error`, `error_description`.
type Refusal = (StatusCode, &'static str, &'static str);

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({"error": error, "error_description": description}))).into_response()
}

fn refused((status, error, description): Refusal) -> Response {
    oauth_error(status, error, description)
}

async fn metadata(State(inner): Shared) -> Json<Value> {
    let issuer = &inner.issuer;
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "registration_endpoint": format!("{issuer}/register"),
        "introspection_endpoint": format!("{issuer}/introspect"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "client_id_metadata_document_supported": true,
        "scopes_supported": ["notes:read", "notes:write", "admin", "mcp"],
    }))
}

async fn jwks(State(inner): Shared) -> Json<Value> {
    let rotated = {
        let mut books = inner.books();
        books.jwks_fetches += 1;
        books.rotated
    };
    Json(serde_json::to_value(inner.keys.jwks(rotated)).unwrap_or_default())
}

async fn register(State(inner): Shared, Json(metadata): Json<Value>) -> Response {
    if metadata["redirect_uris"].as_array().is_none_or(Vec::is_empty)
        && metadata["grant_types"].as_array().is_none_or(|g| g.iter().any(|g| g == "authorization_code"))
    {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_redirect_uri", "redirect_uris is required");
    }
    let public = metadata["token_endpoint_auth_method"] == "none";
    let client_id = inner.next_id("client");
    let secret = (!public).then(|| inner.next_id("secret"));
    inner.books().clients.insert(client_id.clone(), RegisteredClient { secret: secret.clone() });
    let mut answer = metadata;
    answer["client_id"] = json!(client_id);
    answer["client_id_issued_at"] = json!(now());
    if let Some(secret) = secret {
        answer["client_secret"] = json!(secret);
        answer["client_secret_expires_at"] = json!(0);
    }
    (StatusCode::CREATED, Json(answer)).into_response()
}

/// Approves at once, as the user `log_in_as` named.
async fn authorize(State(inner): Shared, Query(query): Query<Params>) -> Response {
    let param = |name: &str| query.get(name).cloned().unwrap_or_default();
    let client_id = param("client_id");
    let known = inner.books().clients.contains_key(&client_id) || client_id.starts_with("http");
    if param("response_type") != "code" || !known || param("redirect_uri").is_empty() {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "unknown client or missing redirect_uri");
    }
    if param("code_challenge_method") != "S256" || param("code_challenge").is_empty() {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "PKCE with S256 is required");
    }
    let subject = inner.subject.lock().map(|s| s.clone()).unwrap_or_default();
    let grant = Grant {
        client_id,
        redirect_uri: param("redirect_uri"),
        challenge: param("code_challenge"),
        scope: param("scope"),
        resource: query.get("resource").cloned(),
        subject,
    };
    let code = inner.next_id("code");
    let location = format!(
        "{}{}code={code}&state={}&iss={}",
        grant.redirect_uri,
        if grant.redirect_uri.contains('?') { '&' } else { '?' },
        encode(&param("state")),
        encode(&inner.issuer)
    );
    {
        let mut books = inner.books();
        books.authorized_scopes.push(grant.scope.clone());
        books.codes.insert(code, grant);
    }
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

async fn token(State(inner): Shared, headers: HeaderMap, Form(form): Form<Params>) -> Response {
    let client = match authenticate(&inner, &headers, &form) {
        Ok(client) => client,
        Err(refusal) => return refused(refusal),
    };
    inner.books().resources.push(form.get("resource").cloned());
    let grant = match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => redeem_code(&inner, &client, &form),
        Some("refresh_token") => redeem_refresh(&inner, &client, &form),
        Some("client_credentials") if form.contains_key("client_secret") || headers.contains_key("authorization") => {
            Ok(Grant {
                client_id: client.clone(),
                redirect_uri: String::new(),
                challenge: String::new(),
                scope: form.get("scope").cloned().unwrap_or_default(),
                resource: None,
                subject: client,
            })
        }
        _ => Err((StatusCode::BAD_REQUEST, "unsupported_grant_type", "unknown grant_type")),
    };
    match grant {
        Ok(grant) => issue(&inner, grant, &form),
        Err(refusal) => refused(refusal),
    }
}

/// The client, by HTTP Basic or by form fields; a confidential client's
/// secret must match.
fn authenticate(inner: &Inner, headers: &HeaderMap, form: &Params) -> Result<String, Refusal> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(decode_basic);
    let (client_id, secret) = match basic {
        Some((id, secret)) => (id, Some(secret)),
        None => (form.get("client_id").cloned().unwrap_or_default(), form.get("client_secret").cloned()),
    };
    let registered = inner.books().clients.get(&client_id).cloned();
    match registered {
        Some(RegisteredClient { secret: Some(expected) }) if secret.as_deref() != Some(expected.as_str()) => {
            Err((StatusCode::UNAUTHORIZED, "invalid_client", "wrong client secret"))
        }
        Some(_) => Ok(client_id),
        None if client_id.starts_with("http") => Ok(client_id),
        None => Err((StatusCode::UNAUTHORIZED, "invalid_client", "unknown client")),
    }
}

fn redeem_code(inner: &Inner, client: &str, form: &Params) -> Result<Grant, Refusal> {
    let code = form.get("code").cloned().unwrap_or_default();
    let Some(grant) = inner.books().codes.remove(&code) else {
        return Err((StatusCode::BAD_REQUEST, "invalid_grant", "unknown or used code"));
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    let challenge = base64url(&Sha256::digest(verifier.as_bytes()));
    if grant.client_id != client || challenge != grant.challenge {
        return Err((StatusCode::BAD_REQUEST, "invalid_grant", "client or PKCE verifier mismatch"));
    }
    if form.get("redirect_uri") != Some(&grant.redirect_uri) {
        return Err((StatusCode::BAD_REQUEST, "invalid_grant", "redirect_uri mismatch"));
    }
    Ok(grant)
}

fn redeem_refresh(inner: &Inner, client: &str, form: &Params) -> Result<Grant, Refusal> {
    let token = form.get("refresh_token").cloned().unwrap_or_default();
    let grant = inner.books().refresh_tokens.get(&token).cloned();
    match grant {
        Some(grant) if grant.client_id == client => Ok(grant),
        _ => Err((StatusCode::BAD_REQUEST, "invalid_grant", "unknown refresh token")),
    }
}

/// An access token for `grant`: its audience is the token request's
/// `resource`, else the authorization request's.
fn issue(inner: &Inner, mut grant: Grant, form: &Params) -> Response {
    if let Some(resource) = form.get("resource") {
        grant.resource = Some(resource.clone());
    }
    if let Some(scope) = form.get("scope").filter(|_| form.get("grant_type").is_some_and(|g| g == "refresh_token")) {
        grant.scope = scope.clone();
    }
    let now = now();
    let mut claims = json!({
        "iss": inner.issuer, "sub": grant.subject, "client_id": grant.client_id, "scope": grant.scope,
        "iat": now, "nbf": now, "exp": now + 3600, "jti": inner.next_id("jti"),
    });
    if let Some(resource) = &grant.resource {
        claims["aud"] = json!(resource);
    }
    let rotated = inner.books().rotated;
    // RFC 9068: an access token in JWT form is typed `at+jwt`.
    let access_token = sign(inner.keys.pick(super::KeyChoice::Rsa, rotated), &claims, Some("at+jwt"));
    let mut answer =
        json!({"access_token": access_token, "token_type": "Bearer", "expires_in": 3600, "scope": grant.scope});
    if !grant.redirect_uri.is_empty() {
        let refresh = inner.next_id("refresh");
        answer["refresh_token"] = json!(refresh);
        inner.books().refresh_tokens.insert(refresh, grant);
    }
    Json(answer).into_response()
}

/// RFC 7662: active with the token's claims when one of the published keys
/// verifies it, else `{"active": false}`.
async fn introspect(State(inner): Shared, Form(form): Form<Params>) -> Json<Value> {
    let rotated = {
        let mut books = inner.books();
        books.introspections += 1;
        books.rotated
    };
    let token = form.get("token").cloned().unwrap_or_default();
    for jwk in inner.keys.jwks(rotated).keys {
        let (Ok(key), Some(alg)) = (DecodingKey::from_jwk(&jwk), jwk.common.key_algorithm) else { continue };
        let Ok(alg) = alg.to_string().parse() else { continue };
        let mut validation = Validation::new(alg);
        validation.validate_aud = false;
        validation.set_issuer(&[&inner.issuer]);
        if let Ok(data) = jsonwebtoken::decode::<serde_json::Map<String, Value>>(&token, &key, &validation) {
            let mut answer = Value::Object(data.claims);
            answer["active"] = json!(true);
            return Json(answer);
        }
    }
    Json(json!({"active": false}))
}

fn decode_basic(encoded: &str) -> Option<(String, String)> {
    let bytes = base64_decode(encoded.trim())?;
    let text = String::from_utf8(bytes).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((percent_decode(id), percent_decode(secret)))
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        buffer = buffer << 6 | u32::from(value(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
