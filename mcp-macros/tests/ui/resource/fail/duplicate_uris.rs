use mcp_runtime::prelude::*;

/// One.
#[resource("notes://today")]
fn first() -> String {
    String::new()
}

/// Two.
#[resource("notes://today")]
fn second() -> String {
    String::new()
}

fn main() {
    let _ = Server::new("dup").resources(resources![first, second]);
}
