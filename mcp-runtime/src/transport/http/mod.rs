//! HTTP transports (feature `server-http`): Streamable HTTP at one endpoint (`/mcp`
//! by default) for both the session era and stateless 2026-07-28, and the
//! legacy HTTP+SSE transport at `/sse` and `/messages/`.
//!
//! [`Server::into_router`](crate::server::Server::into_router) gives an axum
//! `Router` (a tower `Service`) to mount in your own app;
//! [`Server::serve_http`](crate::server::Server::serve_http) binds and serves it.
//!
//! Where things live:
//! - `router.rs` builds the routes and serves them; `options.rs` holds
//!   [`HttpOptions`]; `startup.rs` says where clients reach the server;
//! - `front_door/`: accepting connections, TLS, standing-stream limits;
//! - `checks/`: what a request passes before the protocol (guard, body,
//!   headers, bearer token);
//! - `endpoints/`: one handler per endpoint;
//! - `sessions/`: the session tables, answer streams, sinks, resumption;
//! - `scale_out/`: shared session records, the relay, the event copy.

mod checks;
mod endpoints;
mod front_door;
mod options;
mod router;
mod scale_out;
mod sessions;
mod startup;

pub use options::HttpOptions;
pub(crate) use router::{router, serve};
