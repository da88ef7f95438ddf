//! Our `Client` in both lifecycles against the `interactive` example: a
//! session (2025-11-25), where the server sends elicitation and sampling
//! requests, and 2026-07-28, where it answers `input_required` and the
//! client retries with `inputResponses`. The same handlers serve both.

use std::time::Duration;

use mcp_runtime::client::{Client, ClientOptions};
use mcp_runtime::protocol::ProtocolVersion;
use mcp_tests::{example, HttpServer};
use serde_json::json;

fn options(version: ProtocolVersion) -> ClientOptions {
    ClientOptions::named("interactive")
        .timeout(Duration::from_secs(20))
        .protocol_version(version)
        .on_elicitation(|_| Box::pin(async { Ok(json!({"action": "accept", "content": {"name": "Ada", "size": "large"}})) }))
        .on_sampling(|_| {
            Box::pin(async {
                Ok(json!({"role": "assistant", "content": {"type": "text", "text": "old pond, a frog"}, "model": "scripted"}))
            })
        })
}

async fn order_and_poem(client: &Client) {
    let coffee: String = client.call_tool_as("order_coffee", json!({})).await.expect("coffee");
    assert_eq!(coffee, "a large coffee for ada.");
    let poem: String = client.call_tool_as("write_poem", json!({"topic": "frogs"})).await.expect("poem");
    assert_eq!(poem, "old pond, a frog");
}

#[tokio::test]
async fn both_lifecycles_over_stdio() {
    let program = example("interactive").display().to_string();
    for version in [ProtocolVersion::V2025_11_25, ProtocolVersion::V2026_07_28] {
        let client = Client::stdio(&program, Vec::<String>::new(), options(version)).await.expect("connects");
        assert_eq!(client.protocol_version(), version);
        assert_eq!(client.server_info().name, "interactive");
        order_and_poem(&client).await;
        client.close().await;
    }
}

#[tokio::test]
async fn both_lifecycles_over_streamable_http() {
    let server = HttpServer::start("interactive", "http");
    for version in [ProtocolVersion::V2025_11_25, ProtocolVersion::V2026_07_28] {
        let client = Client::streamable_http(&server.url(), options(version)).await.expect("connects");
        assert_eq!(client.protocol_version(), version);
        order_and_poem(&client).await;
        client.close().await;
    }
}

#[tokio::test]
async fn an_old_server_gets_the_version_it_names() {
    let server = HttpServer::start("quickstart", "sse");
    let url = format!("http://127.0.0.1:{}/sse", server.port);
    let client = Client::sse(&url, options(ProtocolVersion::V2024_11_05)).await.expect("connects");
    assert_eq!(client.protocol_version(), ProtocolVersion::V2024_11_05);
    let sum = client.call_tool("add_numbers", json!({"a": 1, "b": 2})).await.expect("call");
    assert_eq!(sum.structured_content, None, "no structured output before 2025-06-18");
    client.close().await;
}
