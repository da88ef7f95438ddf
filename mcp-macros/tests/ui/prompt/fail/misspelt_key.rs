use mcp_runtime::prelude::*;

/// Summarize a text.
#[prompt(titel = "Summary")]
fn summarize(text: String) -> String {
    format!("Summarize: {text}")
}

fn main() {}
