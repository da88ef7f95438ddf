use mcp_runtime::prelude::*;

/// A misspelt key.
#[prompt(titel = "Review")]
fn review(text: String) -> String {
    text
}

fn main() {}
