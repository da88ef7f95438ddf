use mcp_runtime::prelude::*;

struct Pool;

/// Uses a pool that cannot be cloned.
#[tool]
fn query(pool: State<Pool>) -> String {
    let _ = pool;
    String::new()
}

fn main() {}
