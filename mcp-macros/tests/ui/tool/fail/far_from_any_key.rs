use mcp_runtime::prelude::*;

/// A key too far from any valid one for a suggestion.
#[tool(colour = "red")]
fn paint() -> String {
    String::new()
}

fn main() {}
