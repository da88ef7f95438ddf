//! The `bulletin` test server: one resource, a tool that updates it, a
//! slow tool whose progress names the process that runs it, and two tools
//! that run as tasks.

use mcp_runtime::prelude::*;

/// Post a bulletin: subscribers of `bulletin://latest` hear of it.
#[tool]
fn post(handle: ServerHandle, text: String) -> String {
    handle.resource_updated("bulletin://latest");
    format!("posted: {text}")
}

/// Run `steps` steps, `pause_ms` apart, with a progress notification
/// (naming this process) before each pause.
#[tool]
async fn slow_steps(steps: u32, pause_ms: u64, ctx: Context) -> String {
    let steps = steps.min(50);
    for done in 1..=steps {
        let message = format!("step {done} on pid {}", std::process::id());
        ctx.progress(f64::from(done), Some(f64::from(steps)), Some(&message));
        tokio::time::sleep(std::time::Duration::from_millis(pause_ms.min(5_000))).await;
    }
    format!("done {steps} steps")
}

/// Run as a task for `seconds`, reporting (as the task's status) the
/// process that runs it.
#[tool(task = "required")]
async fn long_task(seconds: u64, ctx: Context) -> String {
    ctx.become_task().await;
    for tick in 0..seconds.min(120) * 5 {
        ctx.progress(tick as f64, None, Some(&format!("running on pid {}", std::process::id())));
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    format!("ran {seconds} s")
}

/// Ask, from within a task, what to post.
#[tool(task = "required")]
async fn post_later(ctx: Context) -> Result<String, ToolError> {
    ctx.become_task().await;
    let schema =
        serde_json::json!({"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]});
    let answer = ctx.input("text").elicit_with_schema("What to post?", schema).await?;
    Ok(format!("posted later: {}", answer["content"]["text"].as_str().unwrap_or("")))
}

/// Echo the text back: answered directly.
#[tool]
fn echo(text: String) -> String {
    text
}

/// Echo the text back, as a task (for a client that can follow one).
#[tool(task = "required")]
fn echo_task(text: String) -> String {
    text
}

/// The latest bulletin (this instance's view).
#[resource("bulletin://latest")]
fn latest() -> &'static str {
    "see the notifications"
}

/// The server.
pub fn server() -> Server {
    Server::new("bulletin")
        .max_tasks_per_caller(20_000)
        .tools(tools![post, slow_steps, long_task, post_later, echo, echo_task])
        .resources(resources![latest])
}
