//! Token verifiers (feature `server-auth`) for [`Authorization`](crate::server::authorization::Authorization):
//! [`JwtVerifier`], which checks JWTs against the keys the issuer
//! publishes, and [`Introspection`], which asks the issuer (RFC 7662).
//!
//! ```no_run
//! use mcp_runtime::auth::JwtVerifier;
//! use mcp_runtime::server::authorization::Authorization;
//! use mcp_runtime::transport::http::HttpOptions;
//!
//! let verifier = JwtVerifier::new("https://auth.example.com");
//! let options = HttpOptions::default().authorization(
//!     Authorization::new(verifier)
//!         .authorization_server("https://auth.example.com")
//!         .audience("https://mcp.example.com/mcp"),
//! );
//! # let _ = options;
//! ```

mod cache;
mod claims;
mod discovery;
mod introspection;
mod jwks;
mod jwt;

pub use introspection::Introspection;
pub use jwt::JwtVerifier;
