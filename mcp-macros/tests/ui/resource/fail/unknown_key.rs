use mcp_runtime::prelude::*;

/// A misspelt key.
#[resource("notes://today", mimetype = "text/plain")]
fn notes() -> String {
    String::new()
}

fn main() {}
