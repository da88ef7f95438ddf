use mcp_runtime::prelude::*;

/// Generic.
#[prompt]
fn review<T: std::str::FromStr>(text: T) -> String {
    let _ = text;
    String::new()
}

fn main() {}
