use mcp_runtime::prelude::*;

/// One.
#[tool(name = "same")]
fn first() -> String {
    String::new()
}

/// Two.
#[tool(name = "same")]
fn second() -> String {
    String::new()
}

fn main() {
    let _ = Server::new("dup").tools(tools![first, second]);
}
