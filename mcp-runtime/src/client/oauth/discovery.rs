//! Finding who authorizes a server: its protected-resource metadata
//! (RFC 9728), then its authorization server's metadata (RFC 8414 or
//! OpenID Connect Discovery), checked the way the MCP specification asks.

use serde::Deserialize;

use super::error::OAuthError;
use super::urls;
use crate::fetch;

/// A protected resource's metadata.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ResourceMetadata {
    /// The resource identifier.
    pub(crate) resource: String,
    /// The issuers that may authorize it.
    #[serde(default)]
    pub(crate) authorization_servers: Vec<String>,
    /// The scopes it knows.
    pub(crate) scopes_supported: Option<Vec<String>>,
}

/// An authorization server's metadata.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ServerMetadata {
    /// Its issuer identifier.
    pub(crate) issuer: String,
    /// Where the user authorizes.
    pub(crate) authorization_endpoint: String,
    /// Where codes become tokens.
    pub(crate) token_endpoint: String,
    /// Where clients register themselves (RFC 7591).
    pub(crate) registration_endpoint: Option<String>,
    /// The scopes it knows.
    pub(crate) scopes_supported: Option<Vec<String>>,
    /// How clients may authenticate at the token endpoint.
    pub(crate) token_endpoint_auth_methods_supported: Option<Vec<String>>,
    /// The PKCE methods it accepts.
    pub(crate) code_challenge_methods_supported: Option<Vec<String>>,
    /// Whether a URL may be a client id (Client ID Metadata Documents).
    #[serde(default)]
    pub(crate) client_id_metadata_document_supported: bool,
    /// The DPoP proof algorithms it accepts (RFC 9449).
    #[cfg_attr(not(feature = "client-signing"), allow(dead_code))]
    pub(crate) dpop_signing_alg_values_supported: Option<Vec<String>>,
    /// Whether its redirects carry `iss` (RFC 9207).
    #[serde(default)]
    pub(crate) authorization_response_iss_parameter_supported: bool,
    /// False for the 2025-03-26 fallback endpoints, which no document named.
    #[serde(skip, default = "published")]
    pub(crate) published: bool,
}

fn published() -> bool {
    true
}

impl ServerMetadata {
    /// The 2025-03-26 defaults for a server that publishes no metadata:
    /// `/authorize`, `/token` and `/register` at the server's origin.
    pub(crate) fn fallback(origin: &str) -> ServerMetadata {
        ServerMetadata {
            issuer: origin.to_owned(),
            authorization_endpoint: format!("{origin}/authorize"),
            token_endpoint: format!("{origin}/token"),
            registration_endpoint: Some(format!("{origin}/register")),
            scopes_supported: None,
            token_endpoint_auth_methods_supported: None,
            code_challenge_methods_supported: None,
            client_id_metadata_document_supported: false,
            dpop_signing_alg_values_supported: None,
            authorization_response_iss_parameter_supported: false,
            published: false,
        }
    }

    /// Whether it takes ES256 DPoP proofs (the only kind this client makes).
    #[cfg(feature = "client-signing")]
    pub(crate) fn takes_dpop(&self) -> bool {
        self.dpop_signing_alg_values_supported.as_ref().is_some_and(|algs| algs.iter().any(|a| a == "ES256"))
    }

    /// Whether it lists `scope` among its scopes.
    pub(crate) fn supports_scope(&self, scope: &str) -> bool {
        self.scopes_supported.as_ref().is_some_and(|s| s.iter().any(|x| x == scope))
    }
}

/// The server's protected-resource metadata: from the challenge's
/// `resource_metadata` URL if it gave one, else from the well-known
/// locations under the server's path and at its root. `None` when the
/// server publishes none (a 2025-03-26 server).
pub(crate) async fn resource_metadata(
    server: &str,
    hint: Option<&str>,
) -> Result<Option<ResourceMetadata>, OAuthError> {
    let mut locations: Vec<String> = hint.map(str::to_owned).into_iter().collect();
    locations.extend(urls::resource_metadata_locations(server));
    let Some((location, metadata)) = first_document::<ResourceMetadata>(locations, "protected-resource").await? else {
        return Ok(None);
    };
    if !urls::resource_covers(&metadata.resource, server) {
        return Err(OAuthError::Discovery(format!(
            "{location} describes the resource `{}`, which is not {server}; refusing to authorize for it",
            metadata.resource
        )));
    }
    Ok(Some(metadata))
}

/// The metadata of the authorization server `issuer`, from the first
/// well-known location that has it. Its `issuer` must be `issuer`, exactly.
/// `None` when no location has any.
pub(crate) async fn server_metadata(issuer: &str) -> Result<Option<ServerMetadata>, OAuthError> {
    let locations = urls::server_metadata_locations(issuer);
    let Some((location, metadata)) = first_document::<ServerMetadata>(locations, "authorization server").await? else {
        return Ok(None);
    };
    if metadata.issuer != issuer {
        return Err(OAuthError::Discovery(format!(
            "{location} names the issuer `{}`, not `{issuer}`; its metadata cannot be trusted",
            metadata.issuer
        )));
    }
    Ok(Some(metadata))
}

/// The first of `locations` that answers with success, read as a `kind`
/// metadata document; `None` when none does.
async fn first_document<T: serde::de::DeserializeOwned>(
    locations: Vec<String>,
    kind: &str,
) -> Result<Option<(String, T)>, OAuthError> {
    let malformed = OAuthError::Discovery;
    for location in locations {
        let reply = fetch::get(&location).await?;
        if !reply.is_success() {
            continue;
        }
        let body =
            reply.json().ok_or_else(|| malformed(format!("{location}: the {kind} metadata is not a JSON object")))?;
        let document =
            serde_json::from_value(body).map_err(|e| malformed(format!("{location}: bad {kind} metadata: {e}")))?;
        return Ok(Some((location, document)));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_reads_with_defaults() {
        let metadata: ServerMetadata = serde_json::from_value(serde_json::json!({
            "issuer": "http://as", "authorization_endpoint": "http://as/a", "token_endpoint": "http://as/t",
            "scopes_supported": ["offline_access"]
        }))
        .expect("metadata");
        assert!(metadata.published && !metadata.client_id_metadata_document_supported);
        assert!(metadata.supports_scope("offline_access"));
        assert!(!ServerMetadata::fallback("http://h:1").published);
    }
}
