//! The quickstart's `add_numbers` behind `MCP_BENCH_LAYERS` (default 0)
//! pass-through middleware layers, for measuring what middleware costs.

use mcp_runtime::prelude::*;
use mcp_runtime::protocol::ErrorObject;
use mcp_runtime::server::middleware::{from_fn, Next, Reply, Request};

/// Add two numbers together.
#[tool]
async fn add_numbers(a: i64, b: i64) -> i64 {
    a + b
}

/// A layer that does nothing but pass the request on.
async fn pass(request: Request, next: Next) -> Result<Reply, ErrorObject> {
    next.run(request).await
}

fn main() -> std::process::ExitCode {
    let layers: usize = std::env::var("MCP_BENCH_LAYERS").ok().and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut server = Server::new("bench-layers").tools(tools![add_numbers]);
    for _ in 0..layers {
        server = server.layer(from_fn(pass));
    }
    server.run()
}
