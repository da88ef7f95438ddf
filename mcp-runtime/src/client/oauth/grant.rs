//! The authorization code grant with PKCE (OAuth 2.1): the authorization
//! request, the checks on the redirect that answers it (`state`, RFC 9207's
//! `iss`), and the token endpoint, for codes and for refresh tokens.

use hmac_sha256::Hash;
use serde::Deserialize;

use super::discovery::ServerMetadata;
use super::dpop::DpopKey;
use super::error::OAuthError;
use super::identity::{ClientIdentity, TokenAuth};
use super::urls;
use crate::fetch;
use crate::util::base64url;

/// A PKCE verifier and its S256 challenge.
pub(crate) struct Pkce {
    /// Sent with the code to the token endpoint.
    pub(crate) verifier: String,
    /// Sent in the authorization request.
    pub(crate) challenge: String,
}

impl Pkce {
    /// A fresh verifier of 43 characters (32 random bytes).
    pub(crate) fn new() -> Pkce {
        let verifier = crate::util::random_text();
        let challenge = base64url::encode(&Hash::hash(verifier.as_bytes()));
        Pkce { verifier, challenge }
    }
}

/// What one authorization request asks for.
pub(crate) struct Request<'a> {
    /// The authorization server.
    pub(crate) server: &'a ServerMetadata,
    /// The client.
    pub(crate) client: &'a ClientIdentity,
    /// Where the server sends the user back.
    pub(crate) redirect_uri: &'a str,
    /// The scopes, space-separated; `None` leaves `scope` out.
    pub(crate) scope: Option<&'a str>,
    /// The resource the token is for (RFC 8707).
    pub(crate) resource: &'a str,
}

impl Request<'_> {
    /// The URL the user opens.
    pub(crate) fn url(&self, pkce: &Pkce, state: &str) -> String {
        let mut pairs = vec![
            ("response_type", "code"),
            ("client_id", self.client.client_id.as_str()),
            ("redirect_uri", self.redirect_uri),
            ("state", state),
            ("code_challenge", pkce.challenge.as_str()),
            ("code_challenge_method", "S256"),
            ("resource", self.resource),
        ];
        if let Some(scope) = self.scope {
            pairs.push(("scope", scope));
        }
        urls::with_query(&self.server.authorization_endpoint, &pairs)
    }
}

/// Refuses servers that do not say they take S256 PKCE challenges: the MCP
/// specification forbids proceeding without PKCE. The 2025-03-26 fallback
/// endpoints, which have no metadata to say it, get the benefit of the doubt.
pub(crate) fn check_pkce_support(server: &ServerMetadata) -> Result<(), OAuthError> {
    let supported = server.code_challenge_methods_supported.as_ref().is_some_and(|m| m.iter().any(|x| x == "S256"));
    if supported || !server.published {
        Ok(())
    } else {
        Err(OAuthError::Discovery(format!(
            "the authorization server {} does not advertise S256 PKCE support",
            server.issuer
        )))
    }
}

/// The code from the redirect the user came back with, after checking its
/// `state` and its `iss` (RFC 9207: compared exactly, and required when the
/// server said it sends one).
pub(crate) fn code_from_redirect(redirect: &str, state: &str, server: &ServerMetadata) -> Result<String, OAuthError> {
    let refuse = OAuthError::Consent;
    let params = urls::query(redirect);
    let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    match param("iss") {
        Some(iss) if iss != server.issuer => {
            return Err(refuse(format!("the redirect names the issuer `{iss}`, not `{}`; refusing it", server.issuer)));
        }
        None if server.authorization_response_iss_parameter_supported => {
            return Err(refuse(format!(
                "the redirect from {} lacks the `iss` it promised; refusing it",
                server.issuer
            )));
        }
        _ => {}
    }
    if param("state") != Some(state) {
        return Err(refuse("the redirect's `state` does not match the request's; refusing it".into()));
    }
    if let Some(error) = param("error") {
        let description = param("error_description").unwrap_or_default();
        return Err(refuse(format!("the authorization server refused: {error} {description}").trim_end().to_owned()));
    }
    param("code").map(str::to_owned).ok_or_else(|| refuse("the redirect carries no `code`".into()))
}

/// What the token endpoint grants.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Tokens {
    /// The access token.
    pub(crate) access_token: String,
    /// `Bearer`, case-insensitively.
    #[serde(default)]
    pub(crate) token_type: String,
    /// For a new access token later.
    pub(crate) refresh_token: Option<String>,
}

/// Posts a token request, with a DPoP proof when the client has a key;
/// once more with the server's nonce if it asks for one (RFC 9449 §8).
async fn post_with_proof(
    endpoint: &str,
    form: String,
    headers: Vec<(String, String)>,
    dpop: Option<&DpopKey>,
) -> Result<fetch::Reply, OAuthError> {
    let Some(key) = dpop else { return Ok(fetch::post_form(endpoint, form, &headers).await?) };
    let mut nonce = None;
    loop {
        let mut with_proof = headers.clone();
        with_proof.push(("DPoP".into(), key.proof("POST", endpoint, nonce.as_deref(), None)?));
        let reply = fetch::post_form(endpoint, form.clone(), &with_proof).await?;
        // Only a refusal that names a nonce is worth reading for `use_dpop_nonce`.
        let refused_for_nonce = nonce.is_none() && !reply.is_success() && reply.dpop_nonce.is_some();
        let wants_nonce = refused_for_nonce && reply.json().is_some_and(|body| body["error"] == "use_dpop_nonce");
        match reply.dpop_nonce.clone().filter(|_| wants_nonce) {
            Some(fresh) => nonce = Some(fresh),
            None => return Ok(reply),
        }
    }
}

/// Trades `code` for tokens.
pub(crate) async fn redeem_code(request: &Request<'_>, code: &str, verifier: &str) -> Result<Tokens, OAuthError> {
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", request.redirect_uri),
        ("code_verifier", verifier),
        ("resource", request.resource),
    ];
    token_request(request.server, request.client, &pairs).await
}

/// Trades a refresh token for new tokens.
pub(crate) async fn refresh(
    server: &ServerMetadata,
    client: &ClientIdentity,
    refresh_token: &str,
    resource: &str,
) -> Result<Tokens, OAuthError> {
    let pairs = [("grant_type", "refresh_token"), ("refresh_token", refresh_token), ("resource", resource)];
    token_request(server, client, &pairs).await
}

/// A grant for the client itself, with no user: `grant` names the grant
/// type and its own parameters (the client credentials grant has none; the
/// JWT bearer grant of RFC 7523 has its `assertion`).
pub(crate) async fn machine_grant(
    server: &ServerMetadata,
    client: &ClientIdentity,
    grant: &[(&str, &str)],
    scope: Option<&str>,
    resource: &str,
) -> Result<Tokens, OAuthError> {
    let mut pairs = grant.to_vec();
    pairs.push(("resource", resource));
    pairs.extend(scope.map(|scope| ("scope", scope)));
    token_request(server, client, &pairs).await
}

/// Posts to the token endpoint, authenticating the client its way.
async fn token_request(
    server: &ServerMetadata,
    client: &ClientIdentity,
    pairs: &[(&str, &str)],
) -> Result<Tokens, OAuthError> {
    let mut pairs = pairs.to_vec();
    let mut headers = Vec::new();
    let secret = client.client_secret.as_deref().unwrap_or_default();
    #[cfg(feature = "client-signing")]
    let assertion;
    match &client.token_auth {
        TokenAuth::None => pairs.push(("client_id", &client.client_id)),
        TokenAuth::Post => pairs.extend([("client_id", client.client_id.as_str()), ("client_secret", secret)]),
        TokenAuth::Basic => headers.push(fetch::basic_authorization(&client.client_id, secret)),
        #[cfg(feature = "client-signing")]
        TokenAuth::PrivateKeyJwt(pem) => {
            assertion = super::jwt::client_assertion(pem, &client.client_id, &server.issuer)?;
            pairs.extend([
                ("client_id", client.client_id.as_str()),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", assertion.as_str()),
            ]);
        }
    }
    let endpoint = &server.token_endpoint;
    let reply = post_with_proof(endpoint, fetch::form(&pairs), headers, client.dpop.as_deref()).await?;
    read_tokens(endpoint, &reply, client)
}

/// The tokens in the token endpoint's `reply`, if the client can present them.
fn read_tokens(endpoint: &str, reply: &fetch::Reply, client: &ClientIdentity) -> Result<Tokens, OAuthError> {
    let refuse = OAuthError::Token;
    if !reply.is_success() {
        return Err(refuse(format!("the token endpoint {endpoint} refused: {}", reply.describe())));
    }
    let body = reply.json().ok_or_else(|| refuse(format!("{endpoint}: the answer is not JSON")))?;
    let tokens: Tokens =
        serde_json::from_value(body).map_err(|e| refuse(format!("{endpoint}: bad token answer: {e}")))?;
    let bound = client.dpop.is_some() && tokens.token_type.eq_ignore_ascii_case("dpop");
    if !tokens.token_type.eq_ignore_ascii_case("bearer") && !bound {
        let why = format!("{endpoint} issued a `{}` token, which this client cannot present", tokens.token_type);
        return Err(refuse(why));
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_the_hash_of_the_verifier() {
        let pkce = Pkce::new();
        assert_eq!(pkce.verifier.len(), 43);
        assert_eq!(pkce.challenge, base64url::encode(&Hash::hash(pkce.verifier.as_bytes())));
        assert_ne!(Pkce::new().verifier, pkce.verifier);
    }

    #[test]
    fn redirects_are_checked_before_their_code_is_used() {
        let mut server = ServerMetadata::fallback("http://as");
        let good = "http://127.0.0.1/cb?code=c1&state=s&iss=http%3A%2F%2Fas";
        assert_eq!(code_from_redirect(good, "s", &server).ok().as_deref(), Some("c1"));
        assert!(code_from_redirect(good, "other", &server).is_err());
        assert!(code_from_redirect("http://x/cb?code=c&state=s&iss=http%3A%2F%2Fas%2F", "s", &server).is_err());
        assert!(code_from_redirect("http://x/cb?code=c&state=s", "s", &server).is_ok());
        server.authorization_response_iss_parameter_supported = true;
        assert!(code_from_redirect("http://x/cb?code=c&state=s", "s", &server).is_err());
        let refused = code_from_redirect("http://x/cb?error=access_denied&state=s", "s", &server);
        assert!(refused.is_err());
    }
}
