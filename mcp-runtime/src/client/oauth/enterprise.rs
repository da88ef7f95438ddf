//! Enterprise-managed authorization: the user's enterprise identity
//! provider trades their ID token for an identity assertion grant (ID-JAG)
//! aimed at the MCP server's authorization server (RFC 8693 token
//! exchange); the client then presents it there with the JWT bearer grant.

use super::error::OAuthError;
use crate::fetch;

/// An enterprise identity provider the user signed in with.
#[derive(Clone, Debug)]
pub struct IdentityProvider {
    token_endpoint: String,
    client_id: String,
    client_secret: Option<String>,
    id_token: String,
}

impl IdentityProvider {
    /// The provider's token endpoint, this client's id there, and the
    /// user's ID token from signing in.
    pub fn new(token_endpoint: impl Into<String>, client_id: impl Into<String>, id_token: impl Into<String>) -> Self {
        IdentityProvider {
            token_endpoint: token_endpoint.into(),
            client_id: client_id.into(),
            client_secret: None,
            id_token: id_token.into(),
        }
    }

    /// The client's secret at the provider, for a confidential client
    /// (sent with HTTP Basic).
    pub fn client_secret(mut self, secret: impl Into<String>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Trades the ID token for an ID-JAG for the authorization server
    /// `audience` and the resource `resource`.
    pub(crate) async fn identity_assertion(
        &self,
        audience: &str,
        resource: &str,
        scope: Option<&str>,
    ) -> Result<String, OAuthError> {
        let mut pairs = vec![
            ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
            ("subject_token", self.id_token.as_str()),
            ("subject_token_type", "urn:ietf:params:oauth:token-type:id_token"),
            ("requested_token_type", "urn:ietf:params:oauth:token-type:id-jag"),
            ("audience", audience),
            ("resource", resource),
        ];
        pairs.extend(scope.map(|scope| ("scope", scope)));
        let mut headers = Vec::new();
        match &self.client_secret {
            Some(secret) => headers.push(fetch::basic_authorization(&self.client_id, secret)),
            None => pairs.push(("client_id", self.client_id.as_str())),
        }
        let endpoint = &self.token_endpoint;
        let reply = fetch::post_form(endpoint, fetch::form(&pairs), &headers).await?;
        let refuse = OAuthError::Token;
        if !reply.is_success() {
            let why = format!("the identity provider {endpoint} refused the token exchange: {}", reply.describe());
            return Err(refuse(why));
        }
        let body = reply.json().ok_or_else(|| refuse(format!("{endpoint}: the answer is not JSON")))?;
        body["access_token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| refuse(format!("{endpoint}: the token exchange answer has no access_token")))
    }
}
