//! The `bulletin` test server: one resource, and a tool that updates it.

use mcp_runtime::prelude::*;

/// Post a bulletin: subscribers of `bulletin://latest` hear of it.
#[tool]
fn post(handle: ServerHandle, text: String) -> String {
    handle.resource_updated("bulletin://latest");
    format!("posted: {text}")
}

/// The latest bulletin (this instance's view).
#[resource("bulletin://latest")]
fn latest() -> &'static str {
    "see the notifications"
}

/// The server.
pub fn server() -> Server {
    Server::new("bulletin").tools(tools![post]).resources(resources![latest])
}
