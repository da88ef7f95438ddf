//! A stdio-only server a user writes: one tool and one resource.

use mcp_runtime::prelude::*;

/// Add two numbers.
#[tool]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// A greeting.
#[resource("greeting://hello", mime = "text/plain")]
fn greeting() -> &'static str {
    "Hello!"
}

fn main() -> std::process::ExitCode {
    Server::new("user").tools(tools![add]).resources(resources![greeting]).run()
}
