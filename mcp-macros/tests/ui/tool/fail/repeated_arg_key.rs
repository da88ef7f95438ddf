use mcp_runtime::prelude::*;

/// Greets someone.
#[tool]
fn greet(#[arg(description = "who", description = "whom")] name: String) -> String {
    format!("hello {name}")
}

fn main() {}
