use mcp_runtime::prelude::*;

struct Point {
    x: i64,
}

/// Takes a type that cannot be read from JSON.
#[tool]
fn plot(point: Point) -> i64 {
    point.x
}

fn main() {}
