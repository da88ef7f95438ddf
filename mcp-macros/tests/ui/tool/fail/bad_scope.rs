use mcp_runtime::prelude::*;

/// Two scopes written as one string.
#[tool(scopes = ["notes:read notes:write"])]
fn read_and_write() -> String {
    String::new()
}

/// A scope that is not a string.
#[resource("notes://all", scopes = [notes])]
fn all_notes() -> String {
    String::new()
}

fn main() {}
