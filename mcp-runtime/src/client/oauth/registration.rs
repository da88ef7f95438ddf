//! Who the client is to an authorization server: pre-registered
//! credentials, a Client ID Metadata Document URL, or a registration made
//! on the spot (RFC 7591), in the order the MCP specification prefers.

use serde_json::{json, Value};

use super::config::Settings;
use super::discovery::ServerMetadata;
use super::error::OAuthError;
use super::identity::{ClientIdentity, TokenAuth};
use crate::fetch;

/// Picks or makes the client's identity at `server`: pre-registered
/// credentials first, then the metadata document URL when the server
/// accepts URL client ids, then dynamic registration.
pub(crate) async fn identify(settings: &Settings, server: &ServerMetadata) -> Result<ClientIdentity, OAuthError> {
    if let Some(credentials) = settings.credentials_for(&server.issuer) {
        let token_auth = match (&credentials.secret, credentials.private_key()) {
            (_, Some(auth)) => auth,
            (Some(_), None) => TokenAuth::for_secret(server),
            (None, None) => TokenAuth::None,
        };
        return Ok(ClientIdentity {
            client_id: credentials.client_id.clone(),
            client_secret: credentials.secret.clone(),
            token_auth,
            dpop: None,
        });
    }
    if let Some(url) = settings.metadata_document.as_ref().filter(|_| server.client_id_metadata_document_supported) {
        return Ok(ClientIdentity {
            client_id: url.clone(),
            client_secret: None,
            token_auth: TokenAuth::None,
            dpop: None,
        });
    }
    let Some(endpoint) = &server.registration_endpoint else {
        return Err(OAuthError::Registration(format!(
            "the authorization server {} offers no dynamic registration; give the client pre-registered credentials (OAuth::client_id)",
            server.issuer
        )));
    };
    register(settings, server, endpoint).await
}

/// Registers with `endpoint` (RFC 7591).
async fn register(settings: &Settings, server: &ServerMetadata, endpoint: &str) -> Result<ClientIdentity, OAuthError> {
    let refuse = OAuthError::Registration;
    let reply = fetch::post_json(endpoint, &registration_request(settings, server)).await?;
    if !reply.is_success() {
        return Err(refuse(format!("registration at {endpoint} failed: {}", reply.describe())));
    }
    let body = reply.json().ok_or_else(|| refuse(format!("registration at {endpoint}: the answer is not JSON")))?;
    let no_id = || refuse(format!("registration at {endpoint}: no client_id in the answer"));
    let client_id = body["client_id"].as_str().ok_or_else(no_id)?;
    let client_secret = body["client_secret"].as_str().map(str::to_owned);
    let token_auth = match (body["token_endpoint_auth_method"].as_str().and_then(TokenAuth::named), &client_secret) {
        (Some(method), _) => method,
        (None, Some(_)) => TokenAuth::for_secret(server),
        (None, None) => TokenAuth::None,
    };
    Ok(ClientIdentity { client_id: client_id.to_owned(), client_secret, token_auth, dpop: None })
}

/// The client metadata sent to the registration endpoint.
fn registration_request(settings: &Settings, server: &ServerMetadata) -> Value {
    let public = server.token_endpoint_auth_methods_supported.as_ref().is_none_or(|m| m.iter().any(|x| x == "none"));
    let method = if public { "none" } else { auth_method_name(&TokenAuth::for_secret(server)) };
    json!({
        "client_name": settings.client_name,
        "redirect_uris": [settings.authorizer.redirect_uri()],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": method,
        "application_type": application_type(&settings.authorizer.redirect_uri()),
    })
}

fn auth_method_name(method: &TokenAuth) -> &'static str {
    match method {
        TokenAuth::None => "none",
        TokenAuth::Basic => "client_secret_basic",
        TokenAuth::Post => "client_secret_post",
        #[cfg(feature = "client-signing")]
        TokenAuth::PrivateKeyJwt(_) => "private_key_jwt",
    }
}

/// `native` for loopback and custom-scheme redirects (RFC 8252), `web`
/// for the rest (OpenID Connect Registration's `application_type`).
fn application_type(redirect_uri: &str) -> &'static str {
    let host = redirect_uri.parse::<hyper::Uri>().ok().and_then(|u| u.host().map(str::to_ascii_lowercase));
    let web_scheme = redirect_uri.starts_with("http://") || redirect_uri.starts_with("https://");
    match host.as_deref() {
        Some("localhost" | "127.0.0.1" | "[::1]" | "::1") => "native",
        _ if !web_scheme => "native",
        _ => "web",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_and_custom_schemes_are_native() {
        assert_eq!(application_type("http://127.0.0.1:3000/callback"), "native");
        assert_eq!(application_type("http://localhost/cb"), "native");
        assert_eq!(application_type("com.example.app:/cb"), "native");
        assert_eq!(application_type("https://app.example.com/cb"), "web");
    }

    #[test]
    fn secrets_go_where_the_server_wants_them() {
        let mut server = ServerMetadata::fallback("http://as");
        assert_eq!(TokenAuth::for_secret(&server), TokenAuth::Basic);
        server.token_endpoint_auth_methods_supported = Some(vec!["client_secret_post".into()]);
        assert_eq!(TokenAuth::for_secret(&server), TokenAuth::Post);
    }
}
