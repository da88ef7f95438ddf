use mcp_runtime::prelude::*;

#[tool]
fn undocumented(a: i64) -> i64 {
    a
}

fn main() {}
