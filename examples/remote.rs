//! Seed 004's remote mode, in Rust: a server started by hand on a remote
//! machine, listening on all interfaces over WebSocket, that clients on
//! other machines reach at `ws://<its address>:8765`.
//!
//! ```text
//! cargo run --example remote -- --transport websocket --host 0.0.0.0 --port 8765
//! ```
//!
//! From another machine (`192.168.1.100` being the server's address):
//!
//! ```text
//! cargo run --example mcp -- call ws://192.168.1.100:8765 add_numbers a=5 b=3
//! cargo run --example mcp -- read ws://192.168.1.100:8765 greeting://hello
//! ```
//!
//! A server on a network is reachable by anyone who can reach the port:
//! see the README's "Deploying" section for TLS (`--tls-cert`,
//! `--tls-key`) and tokens (`--auth-issuer`).

use mcp_runtime::prelude::*;

/// Add two numbers together.
#[tool]
fn add_numbers(a: i64, b: i64) -> i64 {
    a + b
}

/// Return a static greeting message.
#[resource("greeting://hello")]
fn get_greeting() -> &'static str {
    "Hello from Remote MCP Server!"
}

fn main() -> std::process::ExitCode {
    Server::new("RemoteServer").tools(tools![add_numbers]).resources(resources![get_greeting]).run()
}
