use mcp_runtime::prelude::*;

struct Pool;

/// Uses a connection pool put in by a layer.
#[tool]
fn query(Extension(_pool): Extension<Pool>) -> String {
    String::new()
}

fn main() {}
