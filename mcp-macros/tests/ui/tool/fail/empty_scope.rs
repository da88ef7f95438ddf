use mcp_runtime::prelude::*;

/// A scope that is empty.
#[tool(scopes = [""])]
fn nothing_needed() -> String {
    String::new()
}

fn main() {}
