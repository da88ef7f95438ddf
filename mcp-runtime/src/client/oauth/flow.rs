//! One authorization, start to finish, after a server refused a request.

use super::challenge::Challenge;
use super::config::{Grant, Machine, OAuth};
use super::discovery::{self, ResourceMetadata, ServerMetadata};
use super::error::OAuthError;
use super::grant::{self, Pkce};
use super::identity::ClientIdentity;
use super::registration;
use super::urls;

/// Where the client stands with the server after discovery.
struct Target {
    /// The resource identifier tokens are asked for.
    resource: String,
    /// The scopes the resource lists, if it published metadata.
    resource_scopes: Option<Vec<String>>,
    /// The authorization server.
    server: ServerMetadata,
}

/// Gets a new token for `server`, which refused the token `used` (or no
/// token) with `challenge`. Returns at once if another request already
/// replaced `used`.
pub(super) async fn authorize(
    oauth: &OAuth,
    server: &str,
    challenge: &Challenge,
    used: Option<&str>,
) -> Result<(), OAuthError> {
    let _turn = oauth.shared.turn.lock().await;
    let current = oauth.access_token(server);
    if current.is_some() && current.as_deref() != used {
        return Ok(());
    }
    count_attempt(oauth, server, challenge)?;
    let target = discover(server, challenge).await?;
    let previous = oauth.with_server(server, |auth| auth.grant.clone()).filter(|g| g.issuer == target.server.issuer);
    if challenge.status == 401 {
        if let Some(grant) = try_refresh(oauth, &target, previous.as_ref()).await {
            oauth.with_server(server, |auth| auth.grant = Some(grant));
            return Ok(());
        }
    }
    let scopes = choose_scopes(oauth, challenge, &target, previous.as_ref());
    let grant = match &oauth.settings.machine {
        Some(machine) => authorize_as_client(oauth, &target, scopes, machine).await?,
        None => authorize_with_code(oauth, &target, scopes).await?,
    };
    oauth.with_server(server, |auth| auth.grant = Some(grant));
    Ok(())
}

/// Counts one more authorization; refuses once the server has refused
/// `max_attempts` of them in a row.
fn count_attempt(oauth: &OAuth, server: &str, challenge: &Challenge) -> Result<(), OAuthError> {
    let max = oauth.settings.max_attempts;
    oauth.with_server(server, |auth| {
        if auth.failures >= max {
            return Err(OAuthError::GaveUp { status: challenge.status, error: challenge.error.clone(), max });
        }
        auth.failures += 1;
        Ok(())
    })
}

/// Finds the resource's metadata and its authorization server's.
///
/// What the server names is not trusted blindly: its metadata must be on
/// its own origin, and every other URL it leads to must pass
/// [`urls::check_endpoint`] before the client sends anything there.
async fn discover(server: &str, challenge: &Challenge) -> Result<Target, OAuthError> {
    let hint = challenge.resource_metadata.as_deref();
    if let Some(hint) = hint.filter(|hint| !urls::same_origin(hint, server)) {
        let why = format!("the challenge's resource_metadata {hint} is not on {server}'s origin; refused");
        return Err(OAuthError::Endpoint(why));
    }
    let target = find_target(server, hint).await?;
    let endpoints = [Some(&target.server.token_endpoint), target.server.registration_endpoint.as_ref()];
    for endpoint in endpoints.into_iter().flatten() {
        urls::check_endpoint(endpoint, server)?;
    }
    Ok(target)
}

async fn find_target(server: &str, hint: Option<&str>) -> Result<Target, OAuthError> {
    let resource = discovery::resource_metadata(server, hint).await?;
    let Some(ResourceMetadata { resource, authorization_servers, scopes_supported }) = resource else {
        // A 2025-03-26 server: it is its own authorization server.
        let origin = urls::origin(server).ok_or_else(|| OAuthError::Discovery(format!("`{server}` has no origin")))?;
        let metadata = discovery::server_metadata(&origin).await?;
        let server_metadata = metadata.unwrap_or_else(|| ServerMetadata::fallback(&origin));
        return Ok(Target { resource: urls::without_fragment(server), resource_scopes: None, server: server_metadata });
    };
    let issuer = authorization_servers
        .first()
        .ok_or_else(|| format!("the protected-resource metadata of {server} names no authorization server"))
        .map_err(OAuthError::Discovery)?;
    urls::check_endpoint(issuer, server)?;
    let metadata = discovery::server_metadata(issuer)
        .await?
        .ok_or_else(|| OAuthError::Discovery(format!("the authorization server {issuer} publishes no metadata")))?;
    Ok(Target { resource, resource_scopes: scopes_supported, server: metadata })
}

/// Trades the previous grant's refresh token for a new access token, once
/// per grant.
async fn try_refresh(oauth: &OAuth, target: &Target, previous: Option<&Grant>) -> Option<Grant> {
    let previous = previous.filter(|g| !g.refreshed)?;
    let refresh_token = previous.refresh_token.as_deref()?;
    let identity = oauth.identity(&target.server.issuer)?;
    match grant::refresh(&target.server, &identity, refresh_token, &target.resource).await {
        Ok(tokens) => Some(Grant {
            issuer: previous.issuer.clone(),
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token.or_else(|| previous.refresh_token.clone()),
            scopes: previous.scopes.clone(),
            refreshed: true,
            dpop: identity.dpop.clone(),
        }),
        Err(e) => {
            tracing::debug!("refreshing the token failed, authorizing again: {e}");
            None
        }
    }
}

/// The scopes to ask for: the challenge's, else the resource's; joined with
/// those asked for before (so a step-up keeps what was granted), plus
/// `offline_access` when the server offers it.
fn choose_scopes(oauth: &OAuth, challenge: &Challenge, target: &Target, previous: Option<&Grant>) -> Vec<String> {
    let wanted = match challenge.scopes() {
        scopes if scopes.is_empty() => target.resource_scopes.clone().unwrap_or_default(),
        scopes => scopes,
    };
    let mut scopes: Vec<String> = previous.map(|g| g.scopes.clone()).unwrap_or_default();
    for scope in wanted {
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    let offline = "offline_access";
    if oauth.settings.offline_access
        && !scopes.is_empty()
        && target.server.supports_scope(offline)
        && !scopes.iter().any(|s| s == offline)
    {
        scopes.push(offline.to_owned());
    }
    scopes
}

/// The authorization code grant: identify, send the user to the
/// authorization page, check the redirect, redeem the code.
async fn authorize_with_code(oauth: &OAuth, target: &Target, scopes: Vec<String>) -> Result<Grant, OAuthError> {
    grant::check_pkce_support(&target.server)?;
    let identity = identity(oauth, &target.server).await?;
    let redirect_uri = oauth.settings.authorizer.redirect_uri();
    let scope = scopes.join(" ");
    let request = grant::Request {
        server: &target.server,
        client: &identity,
        redirect_uri: &redirect_uri,
        scope: Some(scope.as_str()).filter(|s| !s.is_empty()),
        resource: &target.resource,
    };
    let (pkce, state) = (Pkce::new(), crate::util::random_text());
    let redirect = oauth.settings.authorizer.authorize(request.url(&pkce, &state)).await;
    let redirect = redirect.map_err(|e| OAuthError::Consent(e.to_string()))?;
    let code = grant::code_from_redirect(&redirect, &state, &target.server)?;
    let tokens = grant::redeem_code(&request, &code, &pkce.verifier).await?;
    Ok(fresh_grant(target, &identity, tokens, scopes))
}

/// The JWT bearer grant type (RFC 7523).
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// A grant for a client acting for itself: client credentials, or a JWT
/// bearer assertion (RFC 7523).
async fn authorize_as_client(
    oauth: &OAuth,
    target: &Target,
    scopes: Vec<String>,
    machine: &Machine,
) -> Result<Grant, OAuthError> {
    let identity = identity(oauth, &target.server).await?;
    let scope = scopes.join(" ");
    let scope = Some(scope.as_str()).filter(|s| !s.is_empty());
    let assertion;
    let grant: &[(&str, &str)] = match machine {
        Machine::ClientCredentials => &[("grant_type", "client_credentials")],
        Machine::JwtBearer(source) => {
            assertion =
                source().map_err(|e| OAuthError::Signing(format!("the JWT bearer assertion is unavailable: {e}")))?;
            &[("grant_type", JWT_BEARER), ("assertion", &assertion)]
        }
        Machine::Enterprise(idp) => {
            assertion = idp.identity_assertion(&target.server.issuer, &target.resource, scope).await?;
            &[("grant_type", JWT_BEARER), ("assertion", &assertion)]
        }
    };
    let tokens = grant::machine_grant(&target.server, &identity, grant, scope, &target.resource).await?;
    Ok(fresh_grant(target, &identity, tokens, scopes))
}

/// The grant `tokens` make, from `target`'s authorization server.
fn fresh_grant(target: &Target, identity: &ClientIdentity, tokens: grant::Tokens, scopes: Vec<String>) -> Grant {
    Grant {
        issuer: target.server.issuer.clone(),
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        scopes,
        refreshed: false,
        dpop: identity.dpop.clone(),
    }
}

/// The client's identity at `server`: remembered, or made now.
async fn identity(oauth: &OAuth, server: &ServerMetadata) -> Result<ClientIdentity, OAuthError> {
    if let Some(identity) = oauth.identity(&server.issuer) {
        return Ok(identity);
    }
    let mut identity = registration::identify(&oauth.settings, server).await?;
    identity.dpop = oauth.dpop_key(server)?;
    oauth.remember_identity(&server.issuer, identity.clone());
    Ok(identity)
}
