//! [`Identity`]: who is calling, as a verified access token says.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::context::Context;
use super::extract::FromContext;
use crate::protocol::ErrorObject;

/// The caller of a request, from the bearer token the transport verified:
/// its subject, the OAuth client it came through, the scopes it was
/// granted, and the token's other claims.
///
/// Take it as a handler parameter; middleware reads it from the request's
/// extensions. A server that authorizes no requests has no identity to
/// give: take `Option<Identity>` where that may be so.
///
/// ```
/// use mcp_runtime::prelude::*;
/// use mcp_runtime::handler::Identity;
///
/// /// Who am I?
/// #[tool]
/// fn whoami(caller: Identity) -> String {
///     format!("{} via {}", caller.subject(), caller.client_id().unwrap_or("?"))
/// }
/// # let _ = tools![whoami];
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Identity {
    subject: String,
    client_id: Option<String>,
    scopes: Vec<String>,
    issuer: Option<String>,
    audience: Option<Vec<String>>,
    expires_at: Option<u64>,
    claims: Map<String, Value>,
}

impl Identity {
    /// The identity of `subject`, with nothing else known.
    pub fn new(subject: impl Into<String>) -> Self {
        Identity { subject: subject.into(), ..Default::default() }
    }

    /// Sets the OAuth client the token was issued to.
    pub fn with_client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Sets the scopes the token grants.
    pub fn with_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the token's issuer.
    pub fn with_issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Sets the resources the token was issued for (its `aud`). A verifier
    /// that leaves this unset vouches that the token is for this server.
    pub fn with_audience<S: Into<String>>(mut self, audience: impl IntoIterator<Item = S>) -> Self {
        self.audience = Some(audience.into_iter().map(Into::into).collect());
        self
    }

    /// Sets when the token expires, in seconds since the Unix epoch.
    pub fn with_expiry(mut self, expires_at: u64) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// Sets the token's claims.
    pub fn with_claims(mut self, claims: Map<String, Value>) -> Self {
        self.claims = claims;
        self
    }

    /// The subject: the user (or machine) the token speaks for.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The OAuth client the token was issued to.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// The scopes the token grants.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// Whether the token grants `scope`. Scopes are opaque strings
    /// (RFC 6749 §3.3), compared exactly: `notes` does not grant
    /// `notes:read`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|granted| granted == scope)
    }

    /// The token's issuer.
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The resources the token was issued for, when the verifier knows.
    pub fn audience(&self) -> Option<&[String]> {
        self.audience.as_deref()
    }

    /// When the token expires, in seconds since the Unix epoch.
    pub fn expires_at(&self) -> Option<u64> {
        self.expires_at
    }

    /// Every claim of the token.
    pub fn claims(&self) -> &Map<String, Value> {
        &self.claims
    }

    /// One claim, deserialized; `None` when it is absent or of another shape.
    pub fn claim<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        self.claims.get(name).and_then(|v| T::deserialize(v).ok())
    }

    /// Who the token stands for, across issuers, and through which client:
    /// what sessions and `requestState` are bound to. Another application
    /// acting for the same user does not share them.
    pub(crate) fn owner(&self) -> String {
        let client = self.client_id().unwrap_or_default();
        format!("{}\u{0}{}\u{0}{client}", self.issuer().unwrap_or_default(), self.subject())
    }

    /// The claims as your own type.
    ///
    /// ```
    /// use mcp_runtime::handler::Identity;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Claims { tenant: String }
    ///
    /// let claims = serde_json::json!({"sub": "ada", "tenant": "acme"});
    /// let identity = Identity::new("ada").with_claims(claims.as_object().unwrap().clone());
    /// assert_eq!(identity.claims_as::<Claims>().unwrap().tenant, "acme");
    /// ```
    pub fn claims_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(Value::Object(self.claims.clone()))
    }
}

impl FromContext for Identity {
    fn from_context(ctx: &Context) -> Result<Self, ErrorObject> {
        ctx.extensions().get::<Identity>().cloned().ok_or_else(|| {
            ErrorObject::internal(
                "this request carries no identity: the server does not authorize requests on this transport \
                 (take `Option<Identity>` where that may be so)",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_compared_exactly() {
        let ada = Identity::new("ada").with_scopes(["notes", "admin"]);
        assert!(ada.has_scope("notes") && ada.has_scope("admin"));
        assert!(!ada.has_scope("notes:write") && !ada.has_scope("note"));
    }
}

/// The address a request came from, as the HTTP front door saw it: what
/// bounds the tasks of callers without a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PeerAddress(pub(crate) std::net::IpAddr);
