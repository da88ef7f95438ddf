//! Authorization, the resource-server role of the MCP authorization
//! specification: which tokens a server accepts ([`TokenVerifier`]), for
//! which resource, with which scopes ([`Authorization`]).
//!
//! - `config.rs`: [`Authorization`], what `--auth-*` and
//!   `HttpOptions::authorization` configure;
//! - `verifier.rs`: the [`TokenVerifier`] trait, and [`StaticTokens`];
//! - `verifiers/` (feature `server-auth`): `JwtVerifier`, which checks
//!   JWTs against the keys the issuer publishes, and `Introspection`,
//!   which asks the issuer (RFC 7662);
//! - `resource_url.rs` (feature `server-http`): the URLs a server is
//!   known by, which its tokens' audience must name.
//!
//! The HTTP transports enforce it (401, 403, protected-resource metadata).
//! The scopes each tool, resource and prompt needs are the core's to
//! check, for any request that carries an
//! [`Identity`](crate::handler::Identity) whatever its transport, so that
//! check lives in the server, below this module.
//!
//! ```no_run
//! # #[cfg(feature = "server-auth")] {
//! use mcp_runtime::authorization::{Authorization, JwtVerifier};
//! use mcp_runtime::transport::http::HttpOptions;
//!
//! let verifier = JwtVerifier::new("https://auth.example.com");
//! let options = HttpOptions::default().authorization(
//!     Authorization::new(verifier)
//!         .authorization_server("https://auth.example.com")
//!         .audience("https://mcp.example.com/mcp"),
//! );
//! # let _ = options;
//! # }
//! ```

mod config;
#[cfg(feature = "server-http")]
pub(crate) mod resource_url;
mod verifier;
#[cfg(feature = "server-auth")]
mod verifiers;

pub use config::Authorization;
pub use verifier::{StaticTokens, TokenError, TokenVerifier, VerifyFuture};
#[cfg(feature = "server-auth")]
pub use verifiers::{Introspection, JwtVerifier};
