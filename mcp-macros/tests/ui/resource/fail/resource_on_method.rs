use mcp_runtime::prelude::*;

struct Store;

impl Store {
    /// A method.
    #[resource("store://items")]
    fn items(&self) -> String {
        String::new()
    }
}

fn main() {}
