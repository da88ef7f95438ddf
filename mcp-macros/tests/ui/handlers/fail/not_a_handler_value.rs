use mcp_runtime::prelude::*;

#[derive(Clone)]
struct Notes;

fn main() {
    // `Notes` has no `#[handlers]` impl block.
    let _ = Server::new("notes").handlers(Notes);
}
