use mcp_runtime::prelude::*;

struct Secret;

/// Returns a type that cannot be sent.
#[tool]
fn reveal() -> Secret {
    Secret
}

fn main() {}
