use mcp_runtime::prelude::*;

/// The city is never read.
#[resource("weather://{city}/current")]
fn weather() -> String {
    String::new()
}

fn main() {}
