use mcp_runtime::prelude::*;

struct Store;

#[handlers]
impl Store {
    /// Both a tool and a resource.
    #[tool]
    #[resource("store://all")]
    fn all(&self) -> String {
        String::new()
    }
}

fn main() {}
