//! The key a DPoP-bound token is bound to (RFC 9449): feature `jwt` makes
//! and signs with one.

#[cfg(feature = "jwt")]
pub(crate) use super::jwt::DpopKey;

/// Without feature `jwt` the client makes no DPoP proofs: no key exists.
#[cfg(not(feature = "jwt"))]
#[derive(Debug)]
pub(crate) enum DpopKey {}

#[cfg(not(feature = "jwt"))]
impl DpopKey {
    pub(crate) fn proof(&self, _: &str, _: &str, _: Option<&str>, _: Option<&str>) -> Result<String, String> {
        match *self {}
    }
}
