use mcp_runtime::prelude::*;

/// Takes the context twice.
#[tool]
async fn twice(first: Context, second: Context) -> String {
    let _ = (first, second);
    String::new()
}

fn main() {}
