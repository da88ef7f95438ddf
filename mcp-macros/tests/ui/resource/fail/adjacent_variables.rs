use mcp_runtime::prelude::*;

/// Two variables with nothing between them.
#[resource("files://{dir}{name}")]
fn file(dir: String, name: String) -> String {
    format!("{dir}{name}")
}

fn main() {}
