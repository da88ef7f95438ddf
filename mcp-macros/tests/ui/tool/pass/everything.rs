use mcp_runtime::prelude::*;

#[derive(Deserialize, JsonSchema)]
struct Query {
    terms: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
struct Report {
    hits: u32,
}

/// Async with a context and an optional argument.
#[tool(read_only, destructive = false, idempotent, open_world, title = "Everything")]
async fn everything(
    /// Described by a doc comment.
    a: i64,
    #[arg(description = "Described by an attribute.")] b: Option<String>,
    #[arg(default = 3)] c: u8,
    ctx: Context,
) -> Result<Report, ToolError> {
    let _ = (a, b, c, ctx);
    Ok(Report { hits: 1 })
}

/// Flattened arguments, sync.
#[tool(name = "search.v2")]
fn search(#[arg(flatten)] query: Query) -> Vec<Content> {
    vec![Content::text(query.terms.join(" "))]
}

/// Blocking.
#[tool(blocking)]
fn heavy() -> String {
    String::new()
}

/// A task when the client can follow one.
#[tool(task = "optional", blocking)]
fn long() -> String {
    String::new()
}

/// Always a task.
#[tool(task = "required")]
async fn longer() -> String {
    String::new()
}

#[tool(description = "Given by the attribute.", crate = "::mcp_runtime")]
fn described() -> CallToolResult {
    CallToolResult::success(vec![])
}

mod nested {
    use mcp_runtime::prelude::*;

    /// In another module.
    #[tool]
    pub fn elsewhere() -> Image {
        Image::png(&[])
    }
}

fn main() {
    let _ = Server::new("all").tools(tools![everything, search, heavy, long, longer, described, nested::elsewhere]);
}
