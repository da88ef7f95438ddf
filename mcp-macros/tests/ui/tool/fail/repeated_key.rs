use mcp_runtime::prelude::*;

/// A key given twice: the second would silently win.
#[tool(name = "look", read_only, name = "peek")]
fn look() -> String {
    String::new()
}

/// An argument key given twice.
#[tool]
fn greet(#[arg(description = "who", description = "whom")] name: String) -> String {
    name
}

fn main() {}
