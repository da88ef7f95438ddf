use mcp_runtime::prelude::*;

#[tool(name = "", colour = "red")]
fn many(text: &str, #[arg(flatten, default = 1)] n: i64) -> String {
    text.to_owned() + &n.to_string()
}

fn main() {}
