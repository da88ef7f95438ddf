//! Tool calls run as tasks (the Tasks extension), through the client, in
//! one process: a task runs in the background, asks its questions through
//! `tasks/update`, is cancelled, is bounded; a client that does not follow
//! tasks is answered directly, or told that it must.
#![cfg(feature = "client")]

use std::time::Duration;

use mcp_runtime::client::{Client, ClientOptions, ElicitationResponse, Error, TaskCall};
use mcp_runtime::prelude::*;
use mcp_runtime::protocol::{ProtocolVersion, TaskStatus};
use serde_json::json;
use tokio::sync::Notify;

/// Crunches for a while: a task when the client can follow one.
#[tool(task = "optional")]
async fn crunch(millis: u64) -> String {
    tokio::time::sleep(Duration::from_millis(millis)).await;
    format!("crunched for {millis} ms")
}

/// Asks, from within its task, who to greet.
#[tool(task = "required")]
async fn greet_later(ctx: Context) -> Result<String, ToolError> {
    ctx.become_task().await;
    let schema = json!({"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]});
    let answer = ctx.input("who").elicit_with_schema("Who?", schema).await?;
    Ok(format!("Hello, {}!", answer["content"]["name"].as_str().unwrap_or("?")))
}

static DROPPED: Notify = Notify::const_new();

struct DropSignal;

impl Drop for DropSignal {
    fn drop(&mut self) {
        DROPPED.notify_one();
    }
}

/// Runs until cancelled.
#[tool(task = "required")]
async fn forever() -> String {
    let _guard = DropSignal;
    std::future::pending::<String>().await
}

/// Returns more than a task may keep.
#[tool(task = "required")]
async fn too_much() -> String {
    tokio::time::sleep(Duration::from_millis(50)).await;
    "x".repeat(10_000)
}

fn server() -> Server {
    Server::new("tasks").tools(tools![crunch, greet_later, forever, too_much])
}

fn answering() -> ClientOptions {
    ClientOptions::named("mem").protocol_version(ProtocolVersion::V2026_07_28).on_elicitation(|_| async {
        let mut content = serde_json::Map::new();
        content.insert("name".into(), json!("Ada"));
        Ok(ElicitationResponse::accept(content))
    })
}

fn text(result: &CallToolResult) -> String {
    result.content.iter().find_map(Content::as_text).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_task_runs_in_the_background_and_keeps_its_result() {
    let client = Client::memory(server(), answering()).await.expect("connects");
    let ext = &client.capabilities().other["extensions"];
    assert!(ext.get("io.modelcontextprotocol/tasks").is_some(), "discover advertises the extension: {ext}");
    let TaskCall::Task(task) = client.call_tool_as_task("crunch", json!({"millis": 300})).await.expect("call") else {
        panic!("a 300 ms call from a client that follows tasks becomes one");
    };
    assert_eq!(task.status, TaskStatus::Working);
    assert!(task.ttl_ms.is_some_and(|t| t > 0) && task.poll_interval_ms.is_some());
    let mut seen = Vec::new();
    let result = client.wait_for_task(&task.task_id, |t| seen.push(t.status)).await.expect("completes");
    assert_eq!(text(&result), "crunched for 300 ms");
    assert_eq!(seen.first(), Some(&TaskStatus::Working));
    let again = client.get_task(&task.task_id).await.expect("kept after it ended");
    assert_eq!(again.status, TaskStatus::Completed);
    let quick = client.call_tool_as_task("crunch", json!({"millis": 0})).await.expect("call");
    assert!(matches!(quick, TaskCall::Done(_)), "an optional call that finishes at once is answered directly");
}

#[tokio::test]
async fn a_tasks_questions_are_answered_through_tasks_update() {
    let client = Client::memory(server(), answering()).await.expect("connects");
    let result = client.call_tool_and_wait("greet_later", json!({}), |_| {}).await.expect("completes");
    assert_eq!(text(&result), "Hello, Ada!");
}

#[tokio::test]
async fn cancelling_a_task_drops_its_tool() {
    let client = Client::memory(server(), answering()).await.expect("connects");
    let TaskCall::Task(task) = client.call_tool_as_task("forever", json!({})).await.expect("call") else {
        panic!("a required tool always makes a task");
    };
    let dropped = DROPPED.notified();
    client.cancel_task(&task.task_id).await.expect("cancel");
    tokio::time::timeout(Duration::from_secs(5), dropped).await.expect("the tool is dropped");
    match client.wait_for_task(&task.task_id, |_| {}).await {
        Err(Error::Protocol { detail, .. }) => assert!(detail.contains("cancelled"), "{detail}"),
        other => panic!("expected a cancelled task, got {other:?}"),
    }
    client.cancel_task(&task.task_id).await.expect("cancelling an ended task is acknowledged");
    match client.get_task("no-such-task").await {
        Err(Error::Rpc { error, .. }) => assert_eq!(error.code, -32602),
        other => panic!("expected -32602, got {other:?}"),
    }
}

#[tokio::test]
async fn tasks_are_bounded_per_caller_and_in_result_size() {
    let server = server().max_tasks_per_caller(1).max_message_size(4096);
    let client = Client::memory(server, answering()).await.expect("connects");
    let TaskCall::Task(first) = client.call_tool_as_task("forever", json!({})).await.expect("call") else {
        panic!("a task");
    };
    match client.call_tool_as_task("forever", json!({})).await {
        Err(Error::Rpc { error, .. }) => assert!(error.code == -32600 && error.message.contains("too many tasks")),
        other => panic!("a second running task is refused, got {other:?}"),
    }
    client.cancel_task(&first.task_id).await.expect("cancel");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while client.get_task(&first.task_id).await.expect("get").status != TaskStatus::Cancelled {
        assert!(tokio::time::Instant::now() < deadline, "the task ends");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    match client.call_tool_and_wait("too_much", json!({}), |_| {}).await {
        Err(Error::Rpc { error, .. }) => assert!(error.message.contains("over the 4096"), "{}", error.message),
        other => panic!("an oversized result fails the task, got {other:?}"),
    }
}

#[tokio::test]
async fn a_client_without_the_extension_is_answered_directly_or_refused() {
    for version in [ProtocolVersion::V2025_11_25, ProtocolVersion::V2026_07_28] {
        let options = ClientOptions::named("plain").protocol_version(version);
        let client = Client::memory(server(), options).await.expect("connects");
        let result = client.call_tool("crunch", json!({"millis": 30})).await.expect("direct");
        assert_eq!(text(&result), "crunched for 30 ms", "{version:?}");
        match client.call_tool("forever", json!({})).await {
            Err(Error::Rpc { error, .. }) => {
                assert_eq!(error.code, -32021, "{version:?}");
                let data = error.data.expect("data");
                assert!(data["requiredCapabilities"]["extensions"]["io.modelcontextprotocol/tasks"].is_object());
            }
            other => panic!("{version:?}: expected -32021, got {other:?}"),
        }
    }
}
