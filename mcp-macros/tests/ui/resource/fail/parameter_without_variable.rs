use mcp_runtime::prelude::*;

/// `units` is bound by nothing.
#[resource("weather://{city}/current")]
fn weather(city: String, units: String) -> String {
    city + &units
}

fn main() {}
