use mcp_runtime::prelude::*;

/// A MIME type without a subtype.
#[resource("notes://today", mime = "text")]
fn notes() -> String {
    String::new()
}

fn main() {}
