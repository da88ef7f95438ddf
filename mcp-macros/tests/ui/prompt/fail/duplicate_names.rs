use mcp_runtime::prelude::*;

/// One.
#[prompt(name = "review")]
fn first() -> String {
    String::new()
}

/// Two.
#[prompt(name = "review")]
fn second() -> String {
    String::new()
}

fn main() {
    let _ = Server::new("dup").prompts(prompts![first, second]);
}
