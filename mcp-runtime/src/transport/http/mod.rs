//! HTTP transports (feature `server-http`): Streamable HTTP at one endpoint (`/mcp`
//! by default) for both the session era and stateless 2026-07-28, and the
//! legacy HTTP+SSE transport at `/sse` and `/messages/`.
//!
//! [`Server::into_router`](crate::server::Server::into_router) gives an axum
//! `Router` (a tower `Service`) to mount in your own app;
//! [`Server::serve_http`](crate::server::Server::serve_http) binds and serves it.

mod auth;
mod body;
mod body_view;
mod events;
mod guard;
mod headers;
mod health;
mod legacy;
mod listener;
mod metadata;
#[cfg(feature = "metrics")]
mod metrics;
mod options;
mod post;
mod relay;
mod resource_url;
mod resume;
mod serve;
mod shared;
mod sinks;
mod standing;
mod startup;
mod state;
mod stream;
mod streams;
mod table;
#[cfg(feature = "tls")]
mod tls;
#[cfg(feature = "server-websocket")]
mod upgrade;

pub use options::HttpOptions;
pub(crate) use serve::{router, serve};
