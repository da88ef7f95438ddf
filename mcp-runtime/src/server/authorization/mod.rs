//! Authorization, the resource-server role of the MCP authorization
//! specification: which tokens a server accepts ([`TokenVerifier`]), for
//! which resource, with which scopes ([`Authorization`]), and what each
//! tool, resource and prompt needs.
//!
//! The HTTP transports enforce it (401, 403, protected-resource metadata);
//! the core checks an item's scopes for any request that carries an
//! [`Identity`](crate::handler::Identity), whatever its transport.

mod config;
pub(crate) mod scopes;
mod verifier;

pub use config::Authorization;
pub use verifier::{StaticTokens, TokenError, TokenVerifier, VerifyFuture};
