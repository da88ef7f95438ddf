//! The 2026-07-28 revision: requests carrying `_meta` are served without a
//! session, beside the session era on the same connection.

use mcp_runtime::prelude::*;
use mcp_runtime::protocol::CacheScope;
use mcp_runtime::transport::memory::{self, RawClient};
use serde_json::{json, Value};

/// Add two numbers together.
#[tool]
async fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// Logs at two levels.
#[tool]
fn chatty(ctx: Context) -> String {
    ctx.debug("fine detail");
    ctx.warning("careful");
    format!("stateless={}", ctx.is_stateless())
}

/// A static greeting.
#[resource("greeting://hello")]
fn greeting() -> &'static str {
    "hi"
}

fn server() -> Server {
    Server::new("modern").version("2.0.0").tools(tools![add, chatty]).resources(resources![greeting])
}

fn meta() -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "modern-client", "version": "1"}
    })
}

fn with_meta(mut params: Value, meta: Value) -> Value {
    params["_meta"] = meta;
    params
}

async fn fresh() -> RawClient {
    let (transport, client) = memory::channel();
    tokio::spawn(server().serve(transport));
    client
}

#[tokio::test]
async fn discover_needs_no_session() {
    let mut client = fresh().await;
    let r = client.request("server/discover", json!({ "_meta": meta() })).await;
    let result = &r["result"];
    assert_eq!(
        result["supportedVersions"],
        json!(["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"])
    );
    assert_eq!(result["resultType"], "complete");
    assert_eq!(result["_meta"]["io.modelcontextprotocol/serverInfo"], json!({"name": "modern", "version": "2.0.0"}));
    assert_eq!((result["ttlMs"].clone(), result["cacheScope"].clone()), (json!(0), json!("private")));
    assert!(result["capabilities"]["tools"].is_object());
}

#[tokio::test]
async fn calls_and_lists_carry_result_type_and_server_info() {
    let mut client = fresh().await;
    let list = client.request("tools/list", json!({ "_meta": meta() })).await;
    let names: Vec<_> = list["result"]["tools"].as_array().expect("tools").iter().map(|t| t["name"].clone()).collect();
    assert_eq!(names, [json!("add"), json!("chatty")], "deterministic order");
    assert_eq!(list["result"]["resultType"], "complete");
    assert_eq!(list["result"]["cacheScope"], "private");
    let call =
        client.request("tools/call", with_meta(json!({"name": "add", "arguments": {"a": 2, "b": 5}}), meta())).await;
    assert_eq!(call["result"]["structuredContent"], json!({"result": 7}));
    assert_eq!(call["result"]["resultType"], "complete");
    assert_eq!(call["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "modern");
    assert!(call["result"].get("ttlMs").is_none(), "tools/call is not cacheable");
}

#[tokio::test]
async fn removed_methods_are_method_not_found() {
    let mut client = fresh().await;
    for method in ["initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe"] {
        let r = client.request(method, json!({ "_meta": meta(), "uri": "greeting://hello", "level": "info" })).await;
        assert_eq!(r["error"]["code"], -32601, "{method}: {r}");
    }
}

#[tokio::test]
async fn bad_meta_and_unknown_versions_get_exact_errors() {
    let mut client = fresh().await;
    let mut no_caps = meta();
    no_caps.as_object_mut().expect("object").remove("io.modelcontextprotocol/clientCapabilities");
    let r = client.request("tools/list", json!({ "_meta": no_caps })).await;
    assert_eq!(
        r["error"],
        json!({"code": -32602, "message": "Invalid params: invalid `_meta`: `io.modelcontextprotocol/clientCapabilities` must be an object (it is required)"})
    );
    let mut future = meta();
    future["io.modelcontextprotocol/protocolVersion"] = json!("2099-01-01");
    let r = client.request("tools/list", json!({ "_meta": future })).await;
    assert_eq!(
        r["error"],
        json!({"code": -32022, "message": "Unsupported protocol version: 2099-01-01",
               "data": {"supported": ["2026-07-28"], "requested": "2099-01-01"}})
    );
    let r = client.request("server/discover", json!({ "_meta": meta() })).await;
    assert!(r.get("result").is_some(), "the connection still serves: {r}");
}

#[tokio::test]
async fn missing_resources_are_invalid_params_with_the_uri() {
    let mut client = fresh().await;
    let r = client.request("resources/read", json!({ "_meta": meta(), "uri": "greeting://bye" })).await;
    assert_eq!(
        r["error"],
        json!({"code": -32602, "message": "Invalid params: resource not found: greeting://bye", "data": {"uri": "greeting://bye"}})
    );
    let r = client.request("resources/read", json!({ "_meta": meta(), "uri": "greeting://hello" })).await;
    assert_eq!(r["result"]["contents"][0]["text"], "hi");
    assert_eq!(r["result"]["resultType"], "complete");
}

#[tokio::test]
async fn logs_follow_the_level_in_meta() {
    let mut client = fresh().await;
    client.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": with_meta(json!({"name": "chatty"}), meta())})).await;
    let first = client.recv().await.expect("reply");
    assert_eq!(first["id"], 1, "no level in _meta: no log messages, got {first}");
    assert_eq!(first["result"]["content"][0]["text"], "stateless=true");

    let mut warn = meta();
    warn["io.modelcontextprotocol/logLevel"] = json!("warning");
    client.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": with_meta(json!({"name": "chatty"}), warn)})).await;
    let log = client.recv().await.expect("log");
    assert_eq!(log["params"], json!({"level": "warning", "data": "careful"}));
    assert_eq!(client.recv().await.expect("reply")["id"], 2);
}

#[tokio::test]
async fn both_eras_share_one_connection() {
    let (transport, mut client) = memory::channel();
    tokio::spawn(server().serve(transport));
    client.initialize().await;
    let session = client.request("tools/call", json!({"name": "add", "arguments": {"a": 1, "b": 1}})).await;
    assert!(session["result"].get("resultType").is_none(), "session-era results are unchanged");
    let modern = client.request("tools/call", with_meta(json!({"name": "chatty"}), meta())).await;
    assert_eq!(modern["result"]["content"][0]["text"], "stateless=true");
    let ping = client.request("ping", json!({})).await;
    assert_eq!(ping["result"], json!({}));
}

/// A prompt to have some.
#[prompt]
fn hello_prompt() -> String {
    "hi".into()
}

#[tokio::test]
async fn listen_acknowledges_then_streams_only_what_was_asked() {
    let server = server();
    let handle = server.handle();
    let (transport, mut client) = memory::channel();
    tokio::spawn(server.serve(transport));
    let filter =
        json!({"toolsListChanged": true, "promptsListChanged": true, "resourceSubscriptions": ["greeting://hello"]});
    client.send(&json!({"jsonrpc": "2.0", "id": "L", "method": "subscriptions/listen", "params": {"_meta": meta(), "notifications": filter}})).await;
    let ack = client.recv().await.expect("ack");
    assert_eq!(ack["method"], "notifications/subscriptions/acknowledged");
    assert_eq!(
        ack["params"],
        json!({"notifications": {"toolsListChanged": true, "resourceSubscriptions": ["greeting://hello"]},
               "_meta": {"io.modelcontextprotocol/subscriptionId": "L"}}),
        "prompts are not honoured: this server has none"
    );
    handle.add_tools(tools![add]).expect("no state needed");
    let changed = client.recv().await.expect("list_changed");
    assert_eq!(
        changed,
        json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed",
        "params": {"_meta": {"io.modelcontextprotocol/subscriptionId": "L"}}})
    );
    handle.resource_updated("other://thing");
    handle.add_prompts(prompts![hello_prompt]).expect("no state needed");
    handle.resource_updated("greeting://hello");
    let updated = client.recv().await.expect("updated");
    assert_eq!(updated["method"], "notifications/resources/updated", "nothing unasked came first: {updated}");
    assert_eq!(updated["params"]["uri"], "greeting://hello");
    assert_eq!(updated["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"], "L");

    client.notify("notifications/cancelled", json!({"requestId": "L"})).await;
    let discover = client.request("server/discover", json!({"_meta": meta()})).await;
    assert!(discover.get("result").is_some());
    handle.add_tools(tools![add]).expect("no state needed");
    client
        .send(&json!({"jsonrpc": "2.0", "id": "after", "method": "server/discover", "params": {"_meta": meta()}}))
        .await;
    assert_eq!(client.recv().await.expect("reply")["id"], "after", "a cancelled listen gets nothing more");
}

#[tokio::test]
async fn listen_is_only_for_2026_07_28_and_ends_with_the_connection() {
    let (transport, mut client) = memory::channel();
    let serving = tokio::spawn(server().serve(transport));
    client.initialize().await;
    let r = client.request("subscriptions/listen", json!({"notifications": {}})).await;
    assert_eq!(r["error"]["code"], -32601);
    client.send(&json!({"jsonrpc": "2.0", "id": 9, "method": "subscriptions/listen", "params": {"_meta": meta(), "notifications": {"toolsListChanged": true}}})).await;
    assert_eq!(client.recv().await.expect("ack")["method"], "notifications/subscriptions/acknowledged");
    drop(client);
    let ended = tokio::time::timeout(std::time::Duration::from_secs(30), serving).await;
    assert!(matches!(ended, Ok(Ok(Ok(())))), "the server must finish once the connection closes: {ended:?}");
}

/// Rarely changes.
#[resource("config://app", ttl_ms = 60000, cache_scope = "public")]
fn config() -> &'static str {
    "{}"
}

#[tokio::test]
async fn cache_hints_come_from_the_item_or_the_server() {
    let server = Server::new("cached").resources(resources![greeting, config]).cache_hint(5000, CacheScope::Private);
    let (transport, mut client) = memory::channel();
    tokio::spawn(server.serve(transport));
    let item = client.request("resources/read", json!({"_meta": meta(), "uri": "config://app"})).await;
    assert_eq!(
        (item["result"]["ttlMs"].clone(), item["result"]["cacheScope"].clone()),
        (json!(60000), json!("public"))
    );
    let plain = client.request("resources/read", json!({"_meta": meta(), "uri": "greeting://hello"})).await;
    assert_eq!(
        (plain["result"]["ttlMs"].clone(), plain["result"]["cacheScope"].clone()),
        (json!(5000), json!("private"))
    );
    let list = client.request("resources/list", json!({"_meta": meta()})).await;
    assert_eq!(list["result"]["ttlMs"], 5000);
}
