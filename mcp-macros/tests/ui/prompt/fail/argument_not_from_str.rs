use mcp_runtime::prelude::*;

/// A list is not one string argument.
#[prompt]
fn review(files: Vec<String>) -> String {
    files.join(", ")
}

fn main() {}
