//! [`Authorization`]: what a server requires of the tokens it accepts.

use std::fmt;
use std::sync::Arc;

use super::verifier::TokenVerifier;

/// What a server requires of its callers: a token its verifier accepts,
/// issued for this server (its audience), with the scopes every request
/// needs. Per-item scopes (`#[tool(scopes = [..])]`) come on top.
///
/// Serve it with `HttpOptions::authorization` (feature `server-http`);
/// `run()` builds one from `--auth-issuer` and its companions.
///
/// ```
/// use mcp_runtime::handler::Identity;
/// use mcp_runtime::authorization::{Authorization, StaticTokens};
///
/// let verifier = StaticTokens::new().token("t0k3n", Identity::new("ada").with_scopes(["mcp"]));
/// let authorization = Authorization::new(verifier)
///     .authorization_server("https://auth.example.com")
///     .audience("https://mcp.example.com/mcp")
///     .require_scope("mcp");
/// # let _ = authorization;
/// ```
#[derive(Clone)]
pub struct Authorization {
    pub(crate) verifier: Arc<dyn TokenVerifier>,
    pub(crate) authorization_servers: Vec<String>,
    pub(crate) audiences: Vec<String>,
    pub(crate) required_scopes: Vec<String>,
}

impl Authorization {
    /// Accepts the tokens `verifier` accepts.
    pub fn new(verifier: impl TokenVerifier) -> Self {
        Authorization {
            verifier: Arc::new(verifier),
            authorization_servers: Vec::new(),
            audiences: Vec::new(),
            required_scopes: Vec::new(),
        }
    }

    /// Names an authorization server clients get tokens from (its issuer
    /// URL), listed in the protected-resource metadata.
    pub fn authorization_server(mut self, issuer: impl Into<String>) -> Self {
        self.authorization_servers.push(issuer.into());
        self
    }

    /// Accepts tokens issued for this resource URL (RFC 8707), such as
    /// `https://mcp.example.com/mcp`: the URL clients use. Without any,
    /// the server's own URLs are the audience (its loopback names, its
    /// bound address, and the names `--allowed-host` lists).
    pub fn audience(mut self, resource: impl Into<String>) -> Self {
        self.audiences.push(resource.into());
        self
    }

    /// Requires `scope` of every request.
    pub fn require_scope(mut self, scope: impl Into<String>) -> Self {
        self.required_scopes.push(scope.into());
        self
    }

    /// A description for the start-up log.
    #[cfg(feature = "server-http")]
    pub(crate) fn describe(&self) -> String {
        let mut text = format!("bearer tokens, checked by {}", self.verifier.describe());
        if !self.required_scopes.is_empty() {
            text.push_str(&format!("; every request needs scope {}", self.required_scopes.join(" ")));
        }
        text
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("verifier", &self.verifier.describe())
            .field("authorization_servers", &self.authorization_servers)
            .field("audiences", &self.audiences)
            .field("required_scopes", &self.required_scopes)
            .finish()
    }
}
