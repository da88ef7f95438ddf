use mcp_runtime::prelude::*;

/// Echo.
#[tool]
fn echo(text: &str) -> String {
    text.to_owned()
}

fn main() {}
