//! The HTTP requests this crate makes as a client (feature `http-fetch`,
//! which `client-http` and `server-auth` turn on): the MCP client's
//! connectors, its OAuth flows, and the token verifiers' JWKS, discovery
//! and introspection requests all go through here.

// The client uses all of it, the token verifiers a part.
#![cfg_attr(not(feature = "client-http"), allow(dead_code, unused_imports))]

mod error;
mod exchange;
mod form;
#[cfg(feature = "tls")]
pub(crate) mod tls;
pub(crate) mod wire;

pub(crate) use error::FetchError;
pub(crate) use exchange::{get, post_form, post_json, Reply};
pub(crate) use form::{basic_authorization, form};
