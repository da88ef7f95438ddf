//! [`JwtVerifier`]: JWT access tokens checked against the keys the issuer
//! publishes.

use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{decode, decode_header, Algorithm, Validation};
use serde_json::{Map, Value};

use super::cache::{self, TokenCache};
use super::claims::{identity, Subject};
use super::jwks::Keys;
use crate::authorization::{TokenError, TokenVerifier, VerifyFuture};
use crate::handler::Identity;

/// Verifies JWT access tokens issued by one authorization server.
///
/// The keys come from the issuer's JWKS, found through its RFC 8414 (or
/// OpenID Connect) metadata unless [`JwtVerifier::jwks_uri`] names it; they
/// are cached, and fetched again, within a rate limit, for a key id they
/// lack (a rotated key). A token must be signed with RS256, ES256 or EdDSA
/// (never `none`, never an HMAC), name the issuer, carry a subject, and be
/// within its `exp` and `nbf`, with a small leeway for clocks. A `typ` in
/// its header, if any, must be `at+jwt` (RFC 9068) or `JWT`. Its
/// audience is checked by the transport, against the server's own URL.
///
/// A token that verified is remembered (by its SHA-256, at most 10,000, never
/// past its `exp`), so the signature of a client's token is checked once,
/// not on every request.
#[derive(Clone)]
pub struct JwtVerifier {
    issuer: String,
    keys: Arc<Keys>,
    leeway: Duration,
    verified: Arc<TokenCache>,
}

impl JwtVerifier {
    /// Accepts tokens issued by `issuer` (its exact `iss`).
    pub fn new(issuer: impl Into<String>) -> Self {
        let issuer = issuer.into();
        let keys = Arc::new(Keys::new(issuer.clone(), None));
        JwtVerifier { keys, issuer, leeway: Duration::from_secs(60), verified: Arc::default() }
    }

    /// Fetches the keys from `url` instead of discovering it.
    pub fn jwks_uri(mut self, url: impl Into<String>) -> Self {
        self.keys = Arc::new(Keys::new(self.issuer.clone(), Some(url.into())));
        self
    }

    /// How far clocks may disagree on `exp` and `nbf` (default 60 s).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    async fn check(&self, token: &str) -> Result<Identity, TokenError> {
        let key = cache::key(token);
        if let Some(identity) = self.verified.get(&key) {
            return Ok(identity);
        }
        let identity = self.check_signed(token).await?;
        self.verified.put(key, &identity, Duration::MAX);
        Ok(identity)
    }

    async fn check_signed(&self, token: &str) -> Result<Identity, TokenError> {
        let header = decode_header(token).map_err(|e| TokenError::Invalid(format!("not a JWT we accept: {e}")))?;
        if let Some(typ) = header.typ.as_deref().filter(|typ| !is_access_token_type(typ)) {
            return Err(TokenError::Invalid(format!("typ {typ} is not an access token's (at+jwt or JWT)")));
        }
        if !matches!(header.alg, Algorithm::RS256 | Algorithm::ES256 | Algorithm::EdDSA) {
            return Err(TokenError::Invalid(format!("alg {:?} is not accepted (RS256, ES256, EdDSA)", header.alg)));
        }
        let candidates = self.keys.candidates(header.kid.as_deref(), header.alg).await?;
        if candidates.is_empty() {
            let kid = header.kid.as_deref().unwrap_or("(none)");
            return Err(TokenError::Invalid(format!("no key of the issuer has kid {kid} and alg {:?}", header.alg)));
        }
        let validation = self.validation(header.alg);
        for candidate in candidates {
            match decode::<Map<String, Value>>(token, &candidate.key, &validation) {
                Ok(data) => {
                    return identity(data.claims, Subject::Required)
                        .ok_or_else(|| TokenError::Invalid("the token has no subject".into()))
                }
                Err(e) if matches!(e.kind(), ErrorKind::InvalidSignature) => continue,
                Err(e) => return Err(TokenError::Invalid(describe(e.kind()))),
            }
        }
        Err(TokenError::Invalid("the signature does not verify".into()))
    }

    fn validation(&self, alg: Algorithm) -> Validation {
        let mut validation = Validation::new(alg);
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.validate_aud = false;
        validation.validate_nbf = true;
        validation.leeway = self.leeway.as_secs();
        validation
    }
}

/// Whether a JWT's `typ` allows an access token: RFC 9068's `at+jwt`, or
/// the plain `JWT` many issuers still write (with or without the
/// `application/` prefix, in any case). A token typed as anything else (a
/// DPoP proof, a logout token, an event) is never taken for one.
fn is_access_token_type(typ: &str) -> bool {
    let typ = typ.get(..12).filter(|p| p.eq_ignore_ascii_case("application/")).map_or(typ, |_| &typ[12..]);
    typ.eq_ignore_ascii_case("at+jwt") || typ.eq_ignore_ascii_case("jwt")
}

fn describe(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::ExpiredSignature => "the token has expired".into(),
        ErrorKind::ImmatureSignature => "the token is not valid yet (nbf)".into(),
        ErrorKind::InvalidIssuer => "the token is from another issuer".into(),
        ErrorKind::MissingRequiredClaim(claim) => format!("the token has no `{claim}` claim"),
        other => format!("the token is invalid: {other:?}"),
    }
}

impl TokenVerifier for JwtVerifier {
    fn verify<'a>(&'a self, token: &'a str) -> VerifyFuture<'a> {
        Box::pin(self.check(token))
    }

    fn describe(&self) -> String {
        format!("JWT signatures of {}", self.issuer)
    }
}

#[cfg(test)]
mod tests {
    use super::is_access_token_type;

    #[test]
    fn access_token_types_are_at_jwt_or_jwt() {
        for typ in ["at+jwt", "AT+JWT", "application/at+jwt", "JWT", "jwt", "Application/JWT"] {
            assert!(is_access_token_type(typ), "{typ}");
        }
        for typ in ["dpop+jwt", "logout+jwt", "secevent+jwt", "application/", "", "application/dpop+jwt", "é"] {
            assert!(!is_access_token_type(typ), "{typ}");
        }
    }
}
