use mcp_runtime::prelude::*;

/// Borrows its argument.
#[prompt]
fn review(text: &str) -> String {
    text.to_owned()
}

fn main() {}
