use std::rc::Rc;

use mcp_runtime::prelude::*;

/// Counts calls in state that cannot cross threads.
#[tool]
fn count(State(counter): State<Rc<u64>>) -> u64 {
    *counter
}

fn main() {}
