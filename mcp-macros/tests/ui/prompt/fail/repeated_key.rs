use mcp_runtime::prelude::*;

/// Summarize a text.
#[prompt(name = "summary", name = "summarize")]
fn summarize(text: String) -> String {
    format!("Summarize: {text}")
}

fn main() {}
