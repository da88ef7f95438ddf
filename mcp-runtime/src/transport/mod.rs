//! Transports: how JSON-RPC frames reach a server and leave it.
//!
//! Every transport is written against the public [`Connection`] core:
//! connect a sink, feed frames, close. A stateless 2026-07-28 request,
//! which belongs to no connection, is answered through it too
//! (`Connection::answer_alone`).
//!
//! - [`Stdio`]: newline-delimited JSON on stdin/stdout, read on a dedicated
//!   thread and written by one batching writer.
//! - [`memory`]: an in-process pair of channels, for tests.
//! - `http` (feature `server-http`): Streamable HTTP and legacy HTTP+SSE.
//! - WebSocket (feature `server-websocket`): one session per socket, upgraded on
//!   the HTTP listener.

mod batch;
mod connection;
#[cfg(feature = "server-http")]
pub mod http;
mod in_flight;
mod job;
pub mod memory;
mod service;
mod stdio;
#[cfg(feature = "server-websocket")]
pub(crate) mod websocket;

pub use connection::Connection;
pub use service::{BuiltServer, Transport};
pub use stdio::Stdio;
