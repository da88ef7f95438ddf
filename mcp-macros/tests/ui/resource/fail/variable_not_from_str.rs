use mcp_runtime::prelude::*;

/// A list cannot be parsed from one URI segment.
#[resource("tags://{tags}")]
fn tagged(tags: Vec<String>) -> String {
    tags.join(",")
}

fn main() {}
