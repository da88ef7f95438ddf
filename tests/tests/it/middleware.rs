//! MCP middleware applies the same over every transport: memory, stdio,
//! Streamable HTTP in both eras, and legacy SSE. The `layered` server's
//! layers attach who calls, refuse a tool by themselves, rewrite a result,
//! and stop a slow tool with a timeout.

use mcp_runtime::client::{Client, ClientOptions, Error};
use mcp_runtime::protocol::ProtocolVersion;
use mcp_tests::{profile_dir, HttpServer};
use serde_json::json;

async fn text_of(client: &Client, tool: &str, arguments: serde_json::Value) -> (bool, String) {
    let result = client.call_tool(tool, arguments).await.unwrap_or_else(|e| panic!("{tool}: {e}"));
    (result.is_error, result.content.first().and_then(|c| c.as_text()).unwrap_or_default().to_owned())
}

async fn layers_apply(client: &Client, transport: &str) {
    let who = text_of(client, "whoami", json!({})).await;
    assert_eq!(
        who,
        (false, "mcp-runtime-client via tools/call".to_owned()),
        "{transport}: the extension reached the tool"
    );
    let echoed = text_of(client, "echo", json!({"text": "hi"})).await;
    assert_eq!(echoed, (false, "hi (rewritten)".to_owned()), "{transport}: the result was rewritten");
    match client.call_tool("forbidden", json!({})).await {
        Err(Error::Rpc { error, .. }) => {
            assert_eq!((error.code, error.message.as_str()), (-32001, "forbidden by the middleware"), "{transport}");
        }
        other => panic!("{transport}: forbidden answered {other:?}"),
    }
    let slow = text_of(client, "sleepy", json!({})).await;
    assert_eq!(slow, (true, "The tool did not finish within 300 ms".to_owned()), "{transport}: the timeout");
}

fn options(version: ProtocolVersion) -> ClientOptions {
    ClientOptions::named("layers").protocol_version(version)
}

#[tokio::test]
async fn layers_apply_in_memory() {
    let client =
        Client::memory(mcp_tests::layered::server(), options(ProtocolVersion::V2025_11_25)).await.expect("connects");
    layers_apply(&client, "memory").await;
}

#[tokio::test]
async fn layers_apply_over_stdio() {
    let program = profile_dir().join("layered");
    let client = Client::stdio(
        program.to_str().expect("utf-8 path"),
        Vec::<String>::new(),
        options(ProtocolVersion::V2025_11_25),
    )
    .await
    .expect("connects");
    layers_apply(&client, "stdio").await;
}

#[tokio::test]
async fn layers_apply_over_streamable_http_in_both_eras() {
    let server = HttpServer::start_program(&profile_dir().join("layered"), "http");
    for version in [ProtocolVersion::V2025_11_25, ProtocolVersion::V2026_07_28] {
        let client = Client::streamable_http(&server.url(), options(version)).await.expect("connects");
        assert_eq!(client.protocol_version(), version);
        layers_apply(&client, &format!("streamable http {version}")).await;
    }
}

#[tokio::test]
async fn layers_apply_over_legacy_sse() {
    let server = HttpServer::start_program(&profile_dir().join("layered"), "sse");
    let client = Client::sse(&format!("http://127.0.0.1:{}/sse", server.port), options(ProtocolVersion::V2024_11_05))
        .await
        .expect("connects");
    layers_apply(&client, "legacy sse").await;
}

#[test]
fn run_forwards_a_tools_tracing_events_to_the_client() {
    let mut server = mcp_tests::StdioServer::spawn(&profile_dir().join("layered"), &[]);
    server.initialize("2025-11-25");
    server.send(&json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "traced"}}));
    let log = server.recv();
    assert_eq!(
        log,
        json!({"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": "from a tool answer=42"}})
    );
    assert_eq!(server.recv()["result"]["content"][0]["text"], "traced");
}
