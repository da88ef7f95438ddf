use mcp_runtime::prelude::*;

struct Store;

impl Store {
    /// A prompt on a method, without `#[handlers]` on the block.
    #[prompt]
    fn ask(&self) -> String {
        String::new()
    }
}

fn main() {}
