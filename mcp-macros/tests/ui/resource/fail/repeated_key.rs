use mcp_runtime::prelude::*;

/// Says hello.
#[resource("greeting://hello", mime = "text/plain", mime = "text/html")]
fn hello() -> String {
    "hello".into()
}

fn main() {}
