use mcp_runtime::prelude::*;

/// Returns a number, which is not a prompt.
#[prompt]
fn score(text: String) -> usize {
    text.len()
}

fn main() {}
