use mcp_runtime::prelude::*;

/// A city's weather; a template variable always has a value.
#[resource("weather://{city}")]
fn weather(#[arg(default = "Paris".to_owned())] city: String) -> String {
    city
}

fn main() {}
