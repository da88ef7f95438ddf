use mcp_runtime::prelude::*;

/// Defaults are for tools.
#[prompt]
fn review(#[arg(default = String::new())] text: String) -> String {
    text
}

fn main() {}
