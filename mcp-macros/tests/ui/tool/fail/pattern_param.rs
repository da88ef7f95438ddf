use mcp_runtime::prelude::*;

/// Destructures its argument.
#[tool]
fn sum((a, b): (i64, i64)) -> i64 {
    a + b
}

fn main() {}
