use mcp_runtime::prelude::*;

/// A tool.
#[tool]
fn ping() -> String {
    "pong".into()
}

fn main() {
    // The function itself, where `tools![ping]` was meant.
    let _ = Server::new("set").tools(ping);
}
