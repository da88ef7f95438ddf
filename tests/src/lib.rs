//! Helpers for the workspace integration tests, by concern: finding and
//! running programs, a server over stdio, over HTTP, and the Python SDK.

pub mod authorization_server;
pub mod balancer;
pub mod bulletin;
pub mod floor;
mod http;
pub mod layered;
pub mod panicky;
mod programs;
mod python;
pub mod redis_server;
mod stdio;

pub use http::*;
pub use programs::*;
pub use python::*;
pub use stdio::*;
