//! A server with MCP middleware, for checking that layers apply the same on
//! every transport: one attaches who calls (a tool reads it with
//! `Extension<Caller>`), one refuses a tool by itself, one rewrites a tool's
//! result, and a timeout stops a slow tool.

use std::time::Duration;

use mcp_runtime::prelude::*;
use mcp_runtime::protocol::{Content, ErrorObject};
use mcp_runtime::server::middleware::{from_fn, Next, Reply, Request, TimeoutLayer};

/// Who calls, as an authentication layer would attach it.
#[derive(Clone, Debug)]
pub struct Caller(pub String);

/// Who the middleware says is calling.
#[tool]
fn whoami(Extension(caller): Extension<Caller>) -> String {
    caller.0
}

/// Echo a text (the middleware adds to the result).
#[tool]
fn echo(text: String) -> String {
    text
}

/// Never runs: the middleware refuses it.
#[tool]
fn forbidden() -> String {
    "reached".into()
}

/// Sleeps far longer than the timeout.
#[tool]
async fn sleepy() -> String {
    tokio::time::sleep(Duration::from_secs(30)).await;
    "woke".into()
}

/// Emits a `tracing` event, which `run()` forwards to the client.
#[tool]
fn traced() -> String {
    tracing::info!(answer = 42, "from a tool");
    "traced".into()
}

/// Attaches the caller to every request.
async fn attach_caller(mut request: Request, next: Next) -> Result<Reply, ErrorObject> {
    let caller = request.client_info().map_or("anonymous".to_owned(), |c| c.name.clone());
    let caller = Caller(format!("{caller} via {}", request.method()));
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// Refuses `forbidden` with a protocol error, without running it.
async fn refuse_forbidden(request: Request, next: Next) -> Result<Reply, ErrorObject> {
    if request.name() == Some("forbidden") {
        return Err(ErrorObject::new(-32001, "forbidden by the middleware"));
    }
    next.run(request).await
}

/// Adds " (rewritten)" to what `echo` returns.
async fn rewrite_echo(request: Request, next: Next) -> Result<Reply, ErrorObject> {
    let is_echo = request.name() == Some("echo");
    let mut reply = next.run(request).await?;
    if let Some(result) = reply.tool_result_mut().filter(|_| is_echo) {
        if let Some(Content::Text(text)) = result.content.first_mut() {
            text.text.push_str(" (rewritten)");
        }
    }
    Ok(reply)
}

/// The server.
pub fn server() -> Server {
    Server::new("layered")
        .tools(tools![whoami, echo, forbidden, sleepy, traced])
        .layer(TimeoutLayer::new(Duration::from_millis(300)))
        .layer(from_fn(rewrite_echo))
        .layer(from_fn(refuse_forbidden))
        .layer(from_fn(attach_caller))
}
