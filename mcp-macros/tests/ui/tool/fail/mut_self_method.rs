use mcp_runtime::prelude::*;

struct Counter {
    n: i64,
}

#[handlers]
impl Counter {
    /// Needs exclusive access.
    #[tool]
    fn bump(&mut self) -> i64 {
        self.n += 1;
        self.n
    }
}

fn main() {}
