use mcp_runtime::prelude::*;

/// Runs for a while.
#[tool(task = "sometimes")]
async fn crunch() -> String {
    String::new()
}

fn main() {}
