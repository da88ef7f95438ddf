use mcp_runtime::prelude::*;

/// `q` may be absent from the URI.
#[resource("search://items{?q}")]
fn search(q: String) -> String {
    q
}

fn main() {}
