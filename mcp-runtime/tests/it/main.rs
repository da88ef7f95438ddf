//! The runtime's integration tests, in one binary so that the crate is
//! linked once; one module per concern. `tracing_bridge` and
//! `tracing_spans` stay binaries of their own: each installs a global
//! `tracing` subscriber, which a process can do once.

mod bad_input;
mod client;
mod client_features;
#[path = "../common/mod.rs"]
mod common;
mod concurrency;
mod connection;
mod dynamic;
mod front_door;
mod http_transport;
mod middleware;
mod oauth;
mod own_items;
mod prompts;
mod resources;
mod skills;
mod state;
mod stateless;
mod tasks;
mod tools;
mod websocket;
