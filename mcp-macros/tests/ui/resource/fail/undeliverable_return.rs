use mcp_runtime::prelude::*;

/// Returns a number, which is not resource contents.
#[resource("count://items")]
fn count() -> i32 {
    3
}

fn main() {}
