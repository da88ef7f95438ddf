//! A server whose handlers panic, one of each kind: tools (async, sync and
//! on the blocking pool), a static resource, a template, its completer, a
//! prompt, and a middleware layer. `fine` answers normally, to show that the
//! server goes on serving.

use mcp_runtime::prelude::*;
use mcp_runtime::protocol::ErrorObject;
use mcp_runtime::server::middleware::{from_fn, Next, Reply, Request};

/// Panics while it runs.
#[tool]
async fn panic_tool() -> String {
    panic!("tool boom")
}

/// Panics in a sync body.
#[tool]
fn panic_sync_tool() -> String {
    panic!("sync boom")
}

/// Panics on tokio's blocking pool.
#[tool(blocking)]
fn panic_blocking_tool() -> String {
    panic!("blocking boom")
}

/// A tool whose middleware panics before it runs.
#[tool]
fn guarded() -> String {
    "never reached".into()
}

/// Answers normally.
#[tool]
fn fine() -> String {
    "fine".into()
}

/// Panics when read.
#[resource("panic://static")]
fn panic_resource() -> String {
    panic!("resource boom")
}

/// Panics when any item is read.
#[resource("panic://items/{id}", complete(id = panic_completer))]
async fn panic_template(id: String) -> String {
    panic!("template boom {id}")
}

/// Panics when asked for candidates.
fn panic_completer(_partial: &str) -> Vec<String> {
    panic!("completer boom")
}

/// Panics when rendered.
#[prompt]
fn panic_prompt() -> String {
    panic!("prompt boom")
}

/// Panics on the `guarded` tool; passes everything else on.
async fn panicking_layer(request: Request, next: Next) -> Result<Reply, ErrorObject> {
    if request.name() == Some("guarded") {
        panic!("middleware boom");
    }
    next.run(request).await
}

/// The server.
pub fn server() -> Server {
    Server::new("panicky")
        .tools(tools![panic_tool, panic_sync_tool, panic_blocking_tool, guarded, fine])
        .resources(resources![panic_resource, panic_template])
        .prompts(prompts![panic_prompt])
        .layer(from_fn(panicking_layer))
}
