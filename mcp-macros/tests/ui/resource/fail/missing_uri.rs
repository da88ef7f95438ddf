use mcp_runtime::prelude::*;

/// No URI at all.
#[resource(mime = "text/plain")]
fn notes() -> String {
    String::new()
}

fn main() {}
