//! The server: the builder users start from, the registry of what it
//! offers, the method implementations, and each connection's state.

mod builder;
pub(crate) mod catalog;
pub(crate) mod core;
mod dispatch;
mod handle;
mod input;
mod listen;
mod own_items;
mod prompts;
mod registry;
mod request_state;
mod resources;
pub(crate) mod session;

pub use builder::Server;
pub use handle::ServerHandle;
