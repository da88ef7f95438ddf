//! A server whose tool takes `State<Store>` that nobody registered: `run()`
//! must refuse it before serving, and `--inspect` must say so.

use mcp_runtime::prelude::*;

/// What the tool would read.
#[derive(Clone)]
struct Store;

/// Needs a store.
#[tool]
fn lookup(State(_store): State<Store>) -> String {
    String::new()
}

fn main() -> std::process::ExitCode {
    Server::new("missing-state").tools(tools![lookup]).run()
}
