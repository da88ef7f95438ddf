use mcp_runtime::prelude::*;

#[derive(Clone)]
struct Notes;

#[handlers]
impl Notes {
    /// Count the notes.
    #[tool(read_onyl)]
    fn count(&self) -> u64 {
        0
    }
}

fn main() {}
