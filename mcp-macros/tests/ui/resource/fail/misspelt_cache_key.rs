use mcp_runtime::prelude::*;

/// A misspelt key among resource keys (the list names all of them).
#[resource("notes://today", ttlms = 1000)]
fn today() -> String {
    String::new()
}

fn main() {}
