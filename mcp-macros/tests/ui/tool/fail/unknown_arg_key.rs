use mcp_runtime::prelude::*;

/// A misspelt argument key.
#[tool]
fn look(#[arg(desc = "where")] place: String) -> String {
    place
}

fn main() {}
