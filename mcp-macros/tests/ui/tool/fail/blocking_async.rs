use mcp_runtime::prelude::*;

/// Async functions do not block.
#[tool(blocking)]
async fn wait() -> String {
    String::new()
}

fn main() {}
