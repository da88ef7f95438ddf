use mcp_runtime::prelude::*;

/// Not a URI.
#[resource("just some text")]
fn text() -> String {
    String::new()
}

fn main() {}
