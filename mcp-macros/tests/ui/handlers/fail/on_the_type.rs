use mcp_runtime::prelude::*;

/// The attribute is on the struct, not on its impl block.
#[handlers]
#[derive(Clone)]
struct Notes;

fn main() {
    // One error, at the attribute's target: none here.
    let _ = Server::new("notes").handlers(Notes);
}
