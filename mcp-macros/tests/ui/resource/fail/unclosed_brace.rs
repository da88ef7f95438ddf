use mcp_runtime::prelude::*;

/// A broken template.
#[resource("weather://{city/current")]
fn weather(city: String) -> String {
    city
}

fn main() {}
