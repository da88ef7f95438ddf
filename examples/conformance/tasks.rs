//! The fixtures of the suite's `tasks-*` scenarios (the Tasks extension):
//! tools that run as tasks, or never do, as each scenario expects.

use std::time::Duration;

use mcp_runtime::handler::FromContext;
use mcp_runtime::prelude::*;
use mcp_runtime::protocol::{codes, ErrorObject};
use serde_json::json;

/// Greets someone; never a task.
#[tool]
pub(crate) fn greet(
    /// Who to greet.
    name: String,
) -> String {
    format!("Hello, {name}!")
}

/// Computes for a while: a task when the client can follow one.
#[tool(task = "optional")]
pub(crate) async fn slow_compute(
    /// How long to compute, in seconds (at most 600).
    seconds: Option<u64>,
    /// A label for the result.
    label: Option<String>,
) -> String {
    let seconds = seconds.unwrap_or(1).min(600);
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    format!("{} computed in {seconds} s", label.as_deref().unwrap_or("job"))
}

/// A job that fails as a tool fails: its task completes with `isError`.
#[tool(task = "required")]
pub(crate) async fn failing_job() -> Result<String, ToolError> {
    tokio::time::sleep(Duration::from_millis(300)).await;
    Err(ToolError::new("the job failed"))
}

/// An extractor that always fails with a JSON-RPC error.
pub(crate) struct Broken;

impl FromContext for Broken {
    fn from_context(_: &Context) -> Result<Self, ErrorObject> {
        Err(ErrorObject::new(codes::INTERNAL_ERROR, "the job hit a protocol error"))
    }
}

/// A job that ends with a JSON-RPC error: its task fails.
#[tool(task = "required")]
pub(crate) async fn protocol_error_job(_broken: Broken) -> String {
    String::new()
}

fn confirm_schema() -> serde_json::Value {
    json!({"type": "object", "properties": {"confirm": {"type": "boolean"}}, "required": ["confirm"]})
}

/// Deletes a file once the user confirms, asking from within the task.
#[tool(task = "required")]
pub(crate) async fn confirm_delete(ctx: Context, filename: String) -> Result<String, ToolError> {
    ctx.become_task().await;
    let answer = ctx.input("confirm").elicit_with_schema(&format!("Delete {filename}?"), confirm_schema()).await?;
    match answer["content"]["confirm"].as_bool() {
        Some(true) => Ok(format!("deleted {filename}")),
        _ => Ok(format!("kept {filename}")),
    }
}

/// Asks two things at once from within the task.
#[tool(task = "required")]
pub(crate) async fn multi_input(ctx: Context) -> Result<String, ToolError> {
    ctx.become_task().await;
    let name = json!({"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]});
    let (name, confirm) = tokio::join!(
        ctx.input("name").elicit_with_schema("What is your name?", name),
        ctx.input("confirm").elicit_with_schema("Go ahead?", confirm_schema()),
    );
    let (name, confirm) = (name?, confirm?);
    Ok(format!("name={} confirm={}", name["content"]["name"], confirm["content"]["confirm"]))
}

/// Asks for a name synchronously (an input round), then runs as a task.
#[tool(task = "required")]
pub(crate) async fn test_tool_with_task(ctx: Context) -> Result<String, ToolError> {
    let schema = json!({"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]});
    let answer = ctx.input("user_name").elicit_with_schema("What is your name?", schema).await?;
    ctx.become_task().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    Ok(format!("Hello, {}!", answer["content"]["name"].as_str().unwrap_or("")))
}
