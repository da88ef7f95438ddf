//! The token verifiers of feature `server-auth`: [`JwtVerifier`], which
//! checks JWTs against the keys the issuer publishes (with the JWKS and
//! discovery fetches and the token cache it needs), and [`Introspection`],
//! which asks the issuer (RFC 7662).

mod cache;
mod claims;
mod discovery;
mod introspection;
mod jwks;
mod jwt;

pub use introspection::Introspection;
pub use jwt::JwtVerifier;
