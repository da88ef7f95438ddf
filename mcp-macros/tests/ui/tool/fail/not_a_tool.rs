use mcp_runtime::prelude::*;

/// A plain function, without `#[tool]`.
fn plain() -> String {
    String::new()
}

fn main() {
    let _ = Server::new("plain").tools(tools![plain]);
}
