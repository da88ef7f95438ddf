use mcp_runtime::prelude::*;

fn styles(_: &str) -> Vec<String> {
    Vec::new()
}

/// Completes an argument it does not have.
#[prompt(complete(tone = styles))]
fn review(text: String) -> String {
    text
}

fn main() {}
