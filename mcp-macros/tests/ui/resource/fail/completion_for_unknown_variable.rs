use mcp_runtime::prelude::*;

fn cities(_: &str) -> Vec<String> {
    Vec::new()
}

/// Completes a variable the template does not have.
#[resource("weather://{city}/current", complete(town = cities))]
fn weather(city: String) -> String {
    city
}

fn main() {}
