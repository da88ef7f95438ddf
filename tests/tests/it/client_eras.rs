//! Our `Client` in both lifecycles against the `interactive` example: a
//! session (2025-11-25), where the server sends elicitation and sampling
//! requests, and 2026-07-28, where it answers `input_required` and the
//! client retries with `inputResponses`. The same handlers serve both.

use std::time::Duration;

use mcp_runtime::client::{Client, ClientOptions, ElicitationResponse};
use mcp_runtime::protocol::ProtocolVersion;
use mcp_runtime::protocol::SamplingResult;
use mcp_tests::{example, HttpServer};
use serde_json::json;

fn options(version: ProtocolVersion) -> ClientOptions {
    ClientOptions::named("interactive")
        .timeout(Duration::from_secs(20))
        .protocol_version(version)
        .on_elicitation(|request| async move {
            assert!(request.requested_schema.is_some(), "a form: {request:?}");
            let answer = json!({"name": "Ada", "size": "large"});
            Ok(ElicitationResponse::accept(answer.as_object().cloned().unwrap_or_default()))
        })
        .on_sampling(|request| async move {
            assert_eq!(request.messages.len(), 1, "{request:?}");
            Ok(SamplingResult::from_text("old pond, a frog", "scripted"))
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

#[tokio::test]
async fn by_default_the_client_probes_and_a_modern_server_answers() {
    let program = example("quickstart").display().to_string();
    let client =
        Client::stdio(&program, Vec::<String>::new(), ClientOptions::named("quickstart")).await.expect("connects");
    assert_eq!(client.protocol_version(), ProtocolVersion::V2026_07_28);
    let sum = client.call_tool("add_numbers", json!({"a": 2, "b": 2})).await.expect("call");
    assert_eq!(sum.structured_content, Some(json!({"result": 4})));
    client.close().await;
}

#[tokio::test]
async fn a_server_on_the_seeds_sdk_survives_the_probe() {
    let Some(python) = mcp_tests::python_with_seed_sdk() else { return };
    let script = mcp_tests::workspace_root().join("tests/python/seed_fastmcp_server.py");
    let python = python.display().to_string();
    let client =
        Client::stdio(&python, [script], ClientOptions::named("seed")).await.expect("falls back to initialize");
    assert!(client.protocol_version().uses_initialize(), "{}", client.protocol_version());
    let sum: i64 = client.call_tool_as("add_numbers", json!({"a": 5, "b": 3})).await.expect("call");
    assert_eq!(sum, 8);
    client.close().await;
}
