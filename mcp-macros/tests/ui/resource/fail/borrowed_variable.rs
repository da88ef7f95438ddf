use mcp_runtime::prelude::*;

/// Borrows the variable.
#[resource("weather://{city}/current")]
fn weather(city: &str) -> String {
    city.to_owned()
}

fn main() {}
