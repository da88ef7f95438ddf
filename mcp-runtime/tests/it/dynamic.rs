//! Registering and removing items while serving, with `list_changed`.

use crate::common::{call, connect, first_text};
use mcp_runtime::prelude::*;
use serde_json::json;

/// Say hello.
#[tool]
fn hello() -> String {
    "hello".into()
}

/// Turn the `hello` tool on or off.
#[tool]
fn toggle(on: bool, ctx: Context) -> String {
    let Some(server) = ctx.server() else { return "detached".into() };
    if on {
        server.add_tools(tools![hello]).expect("no state needed");
        "added".into()
    } else {
        format!("removed: {}", server.remove_tool("hello"))
    }
}

#[tokio::test]
async fn tools_added_and_removed_at_run_time_are_announced() {
    let mut client = connect(Server::new("dynamic").tools(tools![toggle])).await;
    client
        .send(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": "toggle", "arguments": {"on": true}}}))
        .await;
    assert_eq!(
        client.recv().await,
        Some(json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed", "params": {}}))
    );
    assert_eq!(first_text(&client.recv().await.expect("result")["result"]), "added");
    assert_eq!(first_text(&call(&mut client, "hello", json!({})).await), "hello");

    let r = call(&mut client, "toggle", json!({"on": false})).await;
    assert_eq!(first_text(&r), "removed: true");
    let gone = client.request("tools/call", json!({"name": "hello"})).await;
    assert_eq!(gone["error"]["code"], -32602);
    let list = client.request("tools/list", json!({})).await;
    assert_eq!(list["result"]["tools"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_handle_works_before_serving() {
    let server = Server::new("early");
    server.handle().add_tools(tools![hello]).expect("no state needed");
    let mut client = connect(server.tools(tools![toggle])).await;
    let list = client.request("tools/list", json!({})).await;
    let names: Vec<_> = list["result"]["tools"].as_array().expect("tools").iter().map(|t| t["name"].clone()).collect();
    assert_eq!(names, [json!("hello"), json!("toggle")]);
}

/// Greet someone.
#[prompt]
fn greet(name: String) -> String {
    format!("Say hello to {name}")
}

#[tokio::test]
async fn prompts_added_and_removed_at_run_time_are_announced() {
    let server = Server::new("dynamic-prompts");
    let handle = server.handle();
    let mut client = connect(server).await;
    handle.add_prompts(prompts![greet]).expect("no state needed");
    assert_eq!(client.recv().await.expect("notification")["method"], "notifications/prompts/list_changed");
    let r = client.request("prompts/get", json!({"name": "greet", "arguments": {"name": "Ada"}})).await;
    assert_eq!(r["result"]["messages"][0]["content"]["text"], "Say hello to Ada");
    assert!(handle.remove_prompt("greet"));
    assert_eq!(client.recv().await.expect("notification")["method"], "notifications/prompts/list_changed");
    assert!(!handle.remove_prompt("greet"), "removing twice reports nothing removed");
    let list = client.request("prompts/list", json!({})).await;
    assert_eq!(list["result"]["prompts"], json!([]));
}
