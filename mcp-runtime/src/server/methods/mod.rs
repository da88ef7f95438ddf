//! The implementations of the MCP methods, each over the narrow
//! [`Request`](super::call::Request), and the table that routes to them.

mod complete;
mod context;
mod lifecycle;
mod listen;
mod params;
mod prompts;
pub(crate) mod resources;
mod table;
mod tools;

pub(crate) use params::MethodResult;
pub(crate) use table::call;
