use mcp_runtime::prelude::*;

/// A misspelt key.
#[tool(readonly)]
fn look() -> String {
    String::new()
}

fn main() {}
