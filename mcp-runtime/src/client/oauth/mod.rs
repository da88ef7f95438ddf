//! OAuth 2.1 authorization for HTTP connections (feature `client-http`), as
//! the MCP specification describes it: when a server answers 401, the
//! client finds its authorization server, registers if it must, sends the
//! user through an authorization code grant with PKCE, and retries with the
//! token; a 403 `insufficient_scope` asks for more scope the same way.
//!
//! ```no_run
//! # async fn example() -> Result<(), mcp_runtime::client::Error> {
//! use mcp_runtime::client::oauth::{Loopback, OAuth};
//! use mcp_runtime::client::{Client, ClientOptions};
//!
//! let oauth = OAuth::new(Loopback::new(33418)).client_name("My MCP host");
//! let options = ClientOptions::named("notes").oauth(oauth);
//! let client = Client::streamable_http("http://127.0.0.1:8000/mcp", options).await?;
//! # let _ = client; Ok(()) }
//! ```
//!
//! The client, in the order the specification gives:
//! - reads the protected-resource metadata (RFC 9728) from the challenge's
//!   `resource_metadata`, else from the well-known locations, and refuses
//!   metadata for another resource;
//! - reads the authorization server's metadata (RFC 8414, then OpenID
//!   Connect Discovery) and refuses a document whose `issuer` differs from
//!   the issuer it was looked up for; a server with no metadata at all gets
//!   the 2025-03-26 defaults (`/authorize`, `/token`, `/register`);
//! - identifies itself with pre-registered credentials, else a Client ID
//!   Metadata Document URL where the server accepts one, else dynamic
//!   registration (RFC 7591);
//! - asks for the challenge's `scope`, else the resource's
//!   `scopes_supported`, joined with the scopes asked for before, plus
//!   `offline_access` when the server offers it;
//! - checks the redirect's `state` and `iss` (RFC 9207) before redeeming
//!   the code, and names the resource in both requests (RFC 8707);
//! - uses the refresh token on a 401 before asking the user again, forgets
//!   nothing across reconnections of the same [`OAuth`], and gives up after
//!   three authorizations in a row that the server still refuses.
//!
//! [`OAuth::client_credentials`] and [`OAuth::jwt_bearer`] are for clients
//! that act for themselves (no user, no browser). Tokens live in memory, for
//! the life of the [`OAuth`] value.

mod authorizers;
mod challenge;
mod config;
mod discovery;
mod dpop;
mod enterprise;
mod error;
mod flow;
mod grant;
mod identity;
#[cfg(feature = "client-signing")]
mod jwt;
mod registration;
mod session;
mod urls;

pub use authorizers::{Authorize, AuthorizeError, AuthorizeFuture, FollowRedirects, Loopback};
pub use config::OAuth;
pub use enterprise::IdentityProvider;
pub(crate) use session::{send, Authorized, Refused};
#[cfg(feature = "client-websocket")]
pub(crate) use session::{upgrade, Upgrade};
