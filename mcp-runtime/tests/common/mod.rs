//! Helpers shared by the in-memory integration tests.

#![allow(dead_code, unreachable_pub)]

use mcp_runtime::server::Server;
use mcp_runtime::transport::memory::{self, RawClient};
use serde_json::{json, Value};

/// Serves `server` in memory and completes the handshake at `version`.
pub async fn connect_with(server: Server, version: &str) -> RawClient {
    let (transport, mut client) = memory::channel();
    tokio::spawn(server.serve(transport));
    let reply = client.initialize_with(version).await;
    assert!(reply.get("result").is_some(), "initialize failed: {reply}");
    client
}

/// Serves `server` in memory at the latest session revision.
pub async fn connect(server: Server) -> RawClient {
    connect_with(server, "2025-11-25").await
}

/// Calls a tool and returns the `result` member.
pub async fn call(client: &mut RawClient, name: &str, arguments: Value) -> Value {
    let reply = client.request("tools/call", json!({ "name": name, "arguments": arguments })).await;
    reply.get("result").cloned().unwrap_or_else(|| panic!("no result: {reply}"))
}

/// The text of the first content block.
pub fn first_text(result: &Value) -> &str {
    result["content"][0]["text"].as_str().unwrap_or_else(|| panic!("no text content: {result}"))
}

/// Asserts that the server still answers.
pub async fn assert_alive(client: &mut RawClient) {
    let pong = client.request("ping", json!({})).await;
    assert_eq!(pong["result"], json!({}), "server stopped answering: {pong}");
}
