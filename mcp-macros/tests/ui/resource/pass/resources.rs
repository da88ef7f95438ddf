use mcp_runtime::prelude::*;

fn names(prefix: &str) -> Vec<String> {
    vec![format!("{prefix}x")]
}

/// Static text.
#[resource("greeting://hello", mime = "text/plain", title = "Hello", size = 22, icons = ["https://example.com/h.png"])]
fn greeting() -> &'static str {
    "Hello from MCP Server!"
}

/// Typed variables, a context and completion (two `complete` keys add up).
#[resource("users://{id}/files/{+path}", complete(path = names), complete(id = names))]
async fn file(id: u64, path: String, ctx: Context) -> Result<Vec<u8>, ResourceError> {
    let _ = (id, path, ctx);
    Ok(Vec::new())
}

/// Optional query variables.
#[resource("search://items{?q,limit}", name = "search")]
fn search(q: Option<String>, limit: Option<u32>) -> Json<(Option<String>, Option<u32>)> {
    Json((q, limit))
}

/// Full control.
#[resource("multi://all", crate = "::mcp_runtime")]
fn all() -> Vec<ResourceContents> {
    Vec::new()
}

fn main() {
    let _ = Server::new("r").resources(resources![greeting, file, search, all]);
}
