//! The key a DPoP-bound token is bound to (RFC 9449): feature `client-signing` makes
//! and signs with one.

#[cfg(feature = "client-signing")]
pub(crate) use super::jwt::DpopKey;

/// Without feature `client-signing` the client makes no DPoP proofs: no key exists.
#[cfg(not(feature = "client-signing"))]
#[derive(Debug)]
pub(crate) enum DpopKey {}

#[cfg(not(feature = "client-signing"))]
impl DpopKey {
    pub(crate) fn proof(
        &self,
        _: &str,
        _: &str,
        _: Option<&str>,
        _: Option<&str>,
    ) -> Result<String, super::error::OAuthError> {
        match *self {}
    }
}
