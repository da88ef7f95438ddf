//! [`Introspection`]: opaque (or any) tokens checked by asking the
//! authorization server (RFC 7662), with answers cached briefly.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::cache::{self, RefusedCache, TokenCache};
use super::claims::{identity, Subject};
use super::discovery;
use crate::authorization::{TokenError, TokenVerifier, VerifyFuture};
use crate::fetch::{self, basic_authorization, form};
use crate::handler::Identity;

/// Verifies tokens through an RFC 7662 introspection endpoint.
///
/// An active answer is cached (by the token's SHA-256) until the token
/// expires or for the cache period (default 60 s), whichever comes first:
/// a revoked token may pass for that long. An inactive answer is kept for
/// the same period, at most 10 s, so that a client retrying a dead token
/// does not cost a round trip per request (and a token the issuer had not
/// yet activated is not locked out for long).
#[derive(Clone)]
pub struct Introspection {
    endpoint: Endpoint,
    client: Option<(String, String)>,
    cache_for: Duration,
    cached: Arc<TokenCache>,
    refused: Arc<RefusedCache>,
    subject: Subject,
}

#[derive(Clone)]
enum Endpoint {
    Url(String),
    /// The issuer's `introspection_endpoint`, found on first use.
    Issuer(String, Arc<tokio::sync::OnceCell<String>>),
}

impl Introspection {
    /// Asks the introspection endpoint at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self::with(Endpoint::Url(url.into()))
    }

    /// Asks the `introspection_endpoint` named in `issuer`'s metadata.
    pub fn from_issuer(issuer: impl Into<String>) -> Self {
        Self::with(Endpoint::Issuer(issuer.into(), Arc::default()))
    }

    fn with(endpoint: Endpoint) -> Self {
        let cache_for = Duration::from_secs(60);
        let (cached, refused) = (Arc::default(), Arc::default());
        Introspection { endpoint, client: None, cache_for, cached, refused, subject: Subject::Required }
    }

    /// Authenticates to the endpoint as this client (HTTP Basic).
    pub fn client_credentials(mut self, client_id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.client = Some((client_id.into(), secret.into()));
        self
    }

    /// Accepts an answer without `sub` (and without `username`) as its
    /// `client_id` acting for itself: a client-credentials token, which
    /// RFC 7662 lets the server describe without a subject. Off by default:
    /// some servers leave `sub` out of users' tokens too, and all the users
    /// of one client would then be one identity.
    pub fn client_as_subject(mut self) -> Self {
        self.subject = Subject::OrClient;
        self
    }

    /// Keeps active answers this long at most, and inactive ones this long
    /// up to 10 s (zero: never).
    pub fn cache_for(mut self, period: Duration) -> Self {
        self.cache_for = period;
        self
    }

    async fn url(&self) -> Result<String, TokenError> {
        match &self.endpoint {
            Endpoint::Url(url) => Ok(url.clone()),
            Endpoint::Issuer(issuer, found) => found
                .get_or_try_init(|| async {
                    let metadata = discovery::metadata(issuer).await?;
                    metadata["introspection_endpoint"].as_str().map(str::to_owned).ok_or_else(|| {
                        TokenError::Unavailable(format!("the metadata of `{issuer}` names no introspection_endpoint"))
                    })
                })
                .await
                .cloned(),
        }
    }

    async fn check(&self, token: &str) -> Result<Identity, TokenError> {
        let key = cache::key(token);
        if let Some(identity) = self.cached.get(&key) {
            return Ok(identity);
        }
        if self.refused.holds(&key) {
            return Err(inactive());
        }
        let url = self.url().await?;
        let headers: Vec<_> = self.client.iter().map(|(id, secret)| basic_authorization(id, secret)).collect();
        let body = form(&[("token", token), ("token_type_hint", "access_token")]);
        let reply = fetch::post_form(&url, body, &headers).await.map_err(|e| TokenError::Unavailable(e.to_string()))?;
        let answer = reply
            .json()
            .filter(|_| reply.is_success())
            .ok_or_else(|| TokenError::Unavailable(format!("introspection at {url}: {}", reply.describe())))?;
        if answer["active"] != Value::Bool(true) {
            self.refused.refuse(key, self.cache_for.min(MAX_REFUSAL));
            return Err(inactive());
        }
        let Value::Object(claims) = answer else { unreachable!("json() is an object") };
        let identity = identity(claims, self.subject)
            .ok_or_else(|| TokenError::Invalid("the answer names neither a subject nor a client".into()))?;
        self.cached.put(key, &identity, self.cache_for);
        Ok(identity)
    }
}

/// The longest an inactive answer is trusted.
const MAX_REFUSAL: Duration = Duration::from_secs(10);

fn inactive() -> TokenError {
    TokenError::Invalid("the token is not active (expired or revoked)".into())
}

impl TokenVerifier for Introspection {
    fn verify<'a>(&'a self, token: &'a str) -> VerifyFuture<'a> {
        Box::pin(self.check(token))
    }

    fn describe(&self) -> String {
        match &self.endpoint {
            Endpoint::Url(url) => format!("introspection at {url}"),
            Endpoint::Issuer(issuer, _) => format!("introspection by {issuer}"),
        }
    }
}
