//! MCP middleware: tower layers over MCP requests.
//!
//! A layer sees every request with an id: the method, what it names (the
//! tool, the prompt, the URI), its params, who sent it and under which
//! revision, and the [`Extensions`](crate::handler::Extensions) that the
//! transport and earlier layers attached. It can answer by itself, time or
//! log the call, and change what comes back. Layers run the same over
//! every transport: stdio, Streamable HTTP in both eras, legacy SSE and
//! memory. Notifications, responses and `ping` do not go through them.
//!
//! Add layers with [`Server::layer`](crate::server::Server::layer). Each layer wraps
//! the ones added before it, so **the last one added runs first**:
//!
//! ```
//! use std::time::Duration;
//! use mcp_runtime::prelude::*;
//! use mcp_runtime::server::middleware::{AccessLogLayer, ConcurrencyLimitLayer, TimeoutLayer};
//!
//! let server = Server::new("layered")
//!     .layer(TimeoutLayer::new(Duration::from_secs(30))) // innermost: closest to the handler
//!     .layer(ConcurrencyLimitLayer::new(16))
//!     .layer(AccessLogLayer::new()); // outermost: sees every request first, and its outcome last
//! # let _ = server;
//! ```
//!
//! Any tower layer whose service is `Clone + Send + Sync` fits, such as
//! tower's [`ConcurrencyLimitLayer`] (requests wait for a slot) and
//! [`LoadShedLayer`] (put it outside a concurrency limit to refuse, with
//! `-32603`, what would have to wait). A layer fails a request with an
//! [`ErrorObject`](crate::protocol::ErrorObject), which is answered as it
//! is, or with any other error, answered with `-32603`.
//!
//! A `subscriptions/listen` request stays in the stack for as long as its
//! stream is open, so it holds a slot of a concurrency limit all that time.
//!
//! A server without layers pays nothing for them: requests go straight to
//! the method table.

mod access_log;
mod from_fn;
mod stack;
mod timeout;

pub use crate::server::call::{Reply, Request};
pub use access_log::{AccessLog, AccessLogLayer};
pub use from_fn::{from_fn, FromFn, FromFnLayer, Next};
pub(crate) use stack::{into_error_object, Layers};
pub use stack::{BoxError, MiddlewareLayer, Stack};
pub use timeout::{Timeout, TimeoutLayer};
pub use tower::limit::ConcurrencyLimitLayer;
pub use tower::load_shed::LoadShedLayer;
