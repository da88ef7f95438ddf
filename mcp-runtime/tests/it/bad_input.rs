//! Each class of malformed message gets its exact JSON-RPC answer, and the
//! server goes on serving.

use crate::common::{assert_alive, call, connect, connect_with, first_text};
use mcp_runtime::prelude::*;
use mcp_runtime::transport::memory;
use serde_json::{json, Value};

/// Add two numbers together.
#[tool]
async fn add_numbers(a: i64, b: i64) -> i64 {
    a + b
}

/// Always panics.
#[tool]
async fn explode() -> String {
    panic!("kaboom")
}

/// Panics on the blocking pool.
#[tool(blocking)]
fn explode_blocking() -> String {
    panic!("blocking kaboom")
}

fn server() -> Server {
    Server::new("bad-input").tools(tools![add_numbers, explode, explode_blocking]).max_message_size(1024)
}

async fn raw_reply(client: &mut memory::RawClient, frame: &[u8]) -> Value {
    client.send_raw(frame.to_vec()).await;
    client.recv().await.expect("a reply")
}

fn error_of(reply: &Value) -> (Value, i64) {
    (reply["id"].clone(), reply["error"]["code"].as_i64().unwrap_or_else(|| panic!("not an error: {reply}")))
}

#[tokio::test]
async fn invalid_json_is_parse_error_with_null_id() {
    let mut client = connect(server()).await;
    let reply = raw_reply(&mut client, b"{\"jsonrpc\": \"2.0\", \"id\": 1,").await;
    assert_eq!(error_of(&reply), (Value::Null, -32700));
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn non_utf8_is_parse_error() {
    let mut client = connect(server()).await;
    let reply = raw_reply(&mut client, b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xffing\"}").await;
    assert_eq!(error_of(&reply), (Value::Null, -32700));
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn non_jsonrpc_objects_are_invalid_requests() {
    let mut client = connect(server()).await;
    for frame in [&b"42"[..], b"{\"id\":3,\"method\":\"ping\"}", b"{\"jsonrpc\":\"2.0\",\"id\":3}", b"\"ping\""] {
        let reply = raw_reply(&mut client, frame).await;
        assert_eq!(error_of(&reply).1, -32600, "{}", String::from_utf8_lossy(frame));
    }
    let reply = raw_reply(&mut client, br#"{"jsonrpc":"1.0","id":3,"method":"ping"}"#).await;
    assert_eq!(error_of(&reply), (json!(3), -32600));
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn unknown_method_is_method_not_found() {
    let mut client = connect(server()).await;
    let reply = client.request("tools/destroy", json!({})).await;
    assert_eq!(reply["error"], json!({"code": -32601, "message": "Method not found: tools/destroy"}));
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn call_without_name_or_with_unknown_tool_is_invalid_params() {
    let mut client = connect(server()).await;
    let reply = client.request("tools/call", json!({"arguments": {}})).await;
    assert_eq!(reply["error"]["code"], -32602);
    assert!(reply["error"]["message"].as_str().is_some_and(|m| m.contains("name")), "{reply}");
    let reply = client.request("tools/call", json!({"name": "nope"})).await;
    assert_eq!(reply["error"], json!({"code": -32602, "message": "Invalid params: unknown tool `nope`"}));
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn wrong_argument_types_are_tool_errors_naming_the_field() {
    let mut client = connect(server()).await;
    let r = call(&mut client, "add_numbers", json!({"a": "five", "b": 3})).await;
    assert_eq!(r["isError"], true);
    assert!(first_text(&r).starts_with("Invalid arguments for tool `add_numbers`: invalid value for argument `a`"));
    let r = call(&mut client, "add_numbers", json!({"a": 1})).await;
    assert_eq!(first_text(&r), "Invalid arguments for tool `add_numbers`: missing required argument `b`");
    let r = call(&mut client, "add_numbers", json!([1, 2])).await;
    assert_eq!(first_text(&r), "Invalid arguments for tool `add_numbers`: `arguments` must be a JSON object");
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn requests_before_initialize_are_refused_but_ping_works() {
    let (transport, mut client) = memory::channel();
    tokio::spawn(server().serve(transport));
    let reply = client.request("tools/list", json!({})).await;
    assert_eq!(reply["error"]["code"], -32600);
    assert_eq!(
        reply["error"]["message"],
        "Invalid request: `tools/list` before `initialize`: initialize the session first, or send a 2026-07-28 request with `_meta`"
    );
    assert_eq!(client.request("ping", json!({})).await["result"], json!({}));
    assert!(client.initialize().await.get("result").is_some());
    let again = client.initialize().await;
    assert_eq!(again["error"]["code"], -32600);
}

#[tokio::test]
async fn batches_are_served_only_for_2025_03_26() {
    let batch = br#"[{"jsonrpc":"2.0","id":"x","method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":"y","method":"tools/call","params":{"name":"add_numbers","arguments":{"a":1,"b":2}}}]"#;
    let mut old = connect_with(server(), "2025-03-26").await;
    let reply = raw_reply(&mut old, batch).await;
    let replies = reply.as_array().expect("a batch response");
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[0], json!({"jsonrpc": "2.0", "id": "x", "result": {}}));
    assert_eq!(replies[1]["result"]["content"][0]["text"], "3");

    let mut new = connect(server()).await;
    let reply = raw_reply(&mut new, batch).await;
    assert_eq!(error_of(&reply), (Value::Null, -32600));
    assert_alive(&mut new).await;
}

#[tokio::test]
async fn a_batch_holds_no_more_messages_than_the_server_runs_at_once() {
    let ping = |n: usize| format!(r#"{{"jsonrpc":"2.0","id":{n},"method":"ping"}}"#);
    let batch = |len: usize| format!("[{}]", (0..len).map(ping).collect::<Vec<_>>().join(","));
    let mut client = connect_with(server().max_in_flight(3), "2025-03-26").await;
    let reply = raw_reply(&mut client, batch(4).as_bytes()).await;
    assert_eq!(error_of(&reply), (Value::Null, -32600));
    assert_eq!(
        reply["error"]["message"],
        "Invalid request: a batch holds at most 3 messages (this server's max_in_flight); this one has 4"
    );
    let reply = raw_reply(&mut client, batch(3).as_bytes()).await;
    assert_eq!(reply.as_array().map(Vec::len), Some(3), "{reply}");
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn oversized_messages_are_refused() {
    let mut client = connect(server()).await;
    let big = format!(r#"{{"jsonrpc":"2.0","id":1,"method":"ping","params":{{"pad":"{}"}}}}"#, "x".repeat(2000));
    let reply = raw_reply(&mut client, big.as_bytes()).await;
    assert_eq!(
        reply["error"],
        json!({"code": -32600, "message": "Invalid request: message exceeds the 1024-byte limit"})
    );
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn panicking_tools_are_tool_errors_with_details_when_the_server_opts_in() {
    let mut client = connect(server().show_panic_details(true)).await;
    let r = call(&mut client, "explode", json!({})).await;
    assert_eq!(r["isError"], true);
    assert_eq!(first_text(&r), "The tool failed unexpectedly (it panicked: kaboom)");
    let r = call(&mut client, "explode_blocking", json!({})).await;
    assert_eq!(first_text(&r), "The tool failed unexpectedly (it panicked: blocking kaboom)");
    let r = call(&mut client, "add_numbers", json!({"a": 1, "b": 1})).await;
    assert_eq!(r["structuredContent"]["result"], 2);
}

#[tokio::test]
async fn set_level_validates_the_level() {
    let mut client = connect(server()).await;
    let reply = client.request("logging/setLevel", json!({"level": "shout"})).await;
    assert_eq!(reply["error"]["code"], -32602);
    let reply = client.request("logging/setLevel", json!({"level": "error"})).await;
    assert_eq!(reply["result"], json!({}));
}
