use mcp_runtime::prelude::*;

struct Opaque;

/// Fails with an error the model cannot read.
#[tool]
fn risky() -> Result<String, Opaque> {
    Err(Opaque)
}

fn main() {}
