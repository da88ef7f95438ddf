//! [`TokenVerifier`]: the one trait behind every way of checking a bearer
//! token, and [`StaticTokens`], the simplest.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use hmac_sha256::Hash;

use crate::handler::Identity;

/// What [`TokenVerifier::verify`] returns.
pub type VerifyFuture<'a> = Pin<Box<dyn Future<Output = Result<Identity, TokenError>> + Send + 'a>>;

/// Checks a bearer token and says whose it is.
///
/// The crate ships [`StaticTokens`], and with the `server-auth` feature a JWT
/// verifier (keys from the issuer's JWKS) and an RFC 7662 introspection
/// client; implement it for anything else.
///
/// A verifier checks the token itself: signature or issuer, expiry. The
/// transport then checks its audience (the [`Identity::audience`] it
/// returns) against the server's own URL, and its scopes against what the
/// request needs.
pub trait TokenVerifier: Send + Sync + 'static {
    /// The identity `token` stands for, or why it is refused.
    fn verify<'a>(&'a self, token: &'a str) -> VerifyFuture<'a>;

    /// What it trusts, for the start-up log (`"JWTs from https://.."`).
    fn describe(&self) -> String {
        "a custom token verifier".to_owned()
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    /// The token is malformed, forged, expired or revoked: 401
    /// `invalid_token`, and the client should get a new one.
    Invalid(String),
    /// The token could not be checked now (the issuer's keys or its
    /// introspection endpoint are unreachable): 503, try again later.
    Unavailable(String),
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Invalid(why) => write!(f, "invalid token: {why}"),
            TokenError::Unavailable(why) => write!(f, "the token cannot be checked now: {why}"),
        }
    }
}

impl std::error::Error for TokenError {}

/// A fixed list of tokens, each standing for an identity: for internal
/// services and tests. Tokens are kept as SHA-256 digests.
///
/// ```
/// use mcp_runtime::handler::Identity;
/// use mcp_runtime::authorization::StaticTokens;
///
/// let tokens = StaticTokens::new()
///     .token("s3cret-for-ci", Identity::new("ci-bot").with_scopes(["notes:read"]));
/// # let _ = tokens;
/// ```
#[derive(Default, Clone)]
pub struct StaticTokens {
    tokens: HashMap<[u8; 32], Identity>,
}

impl StaticTokens {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Accepts `token` as `identity`.
    pub fn token(mut self, token: impl AsRef<str>, identity: Identity) -> Self {
        self.tokens.insert(digest(token.as_ref()), identity);
        self
    }
}

fn digest(token: &str) -> [u8; 32] {
    Hash::hash(token.as_bytes())
}

impl TokenVerifier for StaticTokens {
    fn verify<'a>(&'a self, token: &'a str) -> VerifyFuture<'a> {
        let found = self.tokens.get(&digest(token)).cloned();
        Box::pin(async move { found.ok_or_else(|| TokenError::Invalid("unknown token".into())) })
    }

    fn describe(&self) -> String {
        format!("{} static token(s)", self.tokens.len())
    }
}

impl fmt::Debug for StaticTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticTokens").field("count", &self.tokens.len()).finish()
    }
}
