use mcp_runtime::prelude::*;

struct Store(Vec<String>);

#[handlers]
impl Store {
    /// Everything.
    #[resource("store://all")]
    fn all(&mut self) -> String {
        self.0.join(",")
    }
}

fn main() {}
