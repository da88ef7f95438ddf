use mcp_runtime::prelude::*;

struct Store;

#[handlers]
impl Store {
    /// One.
    #[tool(name = "same")]
    fn one(&self) -> String {
        String::new()
    }

    /// Two.
    #[tool(name = "same")]
    fn two(&self) -> String {
        String::new()
    }
}

fn main() {}
