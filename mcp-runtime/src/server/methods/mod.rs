//! The implementations of the MCP methods, each over the narrow
//! [`Request`](super::call::Request), and the table that routes to them.

mod complete;
pub(crate) mod context;
mod lifecycle;
mod listen;
pub(crate) mod params;
mod prompts;
pub(crate) mod resources;
mod skills;
mod table;
pub(crate) mod tasks;
mod tools;

pub(crate) use params::MethodResult;
pub(crate) use table::call;
