use mcp_runtime::prelude::*;

struct Db;

impl Db {
    /// Query.
    #[tool]
    fn query(&self, sql: String) -> String {
        sql
    }
}

fn main() {}
