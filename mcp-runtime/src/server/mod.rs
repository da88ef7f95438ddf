//! The server: the builder users start from, the registry of what it
//! offers, the method implementations, the middleware around them, and each
//! connection's state.

mod builder;
pub(crate) mod call;
pub(crate) mod catalog;
pub(crate) mod core;
mod dispatch;
mod error;
mod handle;
mod input;
pub(crate) mod item_scopes;
mod listen;
mod method_service;
mod methods;
pub mod middleware;
mod own_items;
mod registry;
mod request_state;
mod requirements;
pub(crate) mod session;
#[cfg(feature = "skills")]
mod skills;
mod stateless;
pub(crate) mod tasks;
mod trace;

pub use builder::Server;
pub use error::BuildError;
pub use handle::ServerHandle;

/// What [`Server::serve`] returns: a future that serves until the transport
/// closes.
pub type Serving = std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<()>> + Send>>;
