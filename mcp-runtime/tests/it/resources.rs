//! Resources and templates through a real session.

use crate::common::{assert_alive, connect};
use mcp_runtime::prelude::*;
use mcp_runtime::transport::memory::RawClient;
use serde_json::{json, Value};

/// A static greeting.
#[resource("greeting://hello")]
fn greeting() -> &'static str {
    "Hello from MCP Server!"
}

/// Raw bytes.
#[resource("bin://blob", title = "Blob", size = 3, icons = ["https://example.com/blob.png"])]
fn blob() -> Vec<u8> {
    vec![1, 2, 3]
}

#[derive(Serialize)]
struct Profile {
    id: u64,
}

/// A user's profile.
#[resource("users://{id}/profile")]
async fn profile(id: u64, ctx: Context) -> Json<Profile> {
    let _ = ctx.request_id();
    Json(Profile { id })
}

/// Any page of a user.
#[resource("users://{id}/{page}")]
fn user_page(id: u64, page: String) -> String {
    format!("{id}:{page}")
}

/// A file below the root.
#[resource("files:///{+path}", mime = "text/markdown")]
fn file(path: String) -> String {
    format!("contents of {path}")
}

/// Search with optional query parameters.
#[resource("search://items{?q,limit}")]
fn search(q: Option<String>, limit: Option<u32>) -> String {
    format!("q={q:?} limit={limit:?}")
}

/// Two contents at once.
#[resource("multi://both")]
fn both() -> Vec<ResourceContents> {
    vec![
        ResourceContents::text("multi://both", "text/plain", "a"),
        ResourceContents::blob("multi://both", "image/png", &[0]),
    ]
}

/// Always fails.
#[resource("broken://disk")]
fn broken() -> Result<String, ResourceError> {
    Err(ResourceError::new("the disk is on fire"))
}

fn server() -> Server {
    Server::new("resources").resources(resources![greeting, blob, profile, user_page, file, search, both, broken])
}

async fn read(client: &mut RawClient, uri: &str) -> Value {
    client.request("resources/read", json!({ "uri": uri })).await
}

#[tokio::test]
async fn static_resources_are_listed_and_read() {
    let mut client = connect(server()).await;
    let list = client.request("resources/list", json!({})).await;
    let resources = list["result"]["resources"].as_array().expect("resources");
    let uris: Vec<_> = resources.iter().map(|r| r["uri"].as_str().expect("uri")).collect();
    assert_eq!(uris, ["greeting://hello", "bin://blob", "multi://both", "broken://disk"]);
    assert_eq!(
        resources[1],
        json!({"uri": "bin://blob", "name": "blob", "title": "Blob", "description": "Raw bytes.",
               "mimeType": "application/octet-stream", "size": 3, "icons": [{"src": "https://example.com/blob.png"}]})
    );
    let r = read(&mut client, "greeting://hello").await;
    let contents = json!([{"uri": "greeting://hello", "mimeType": "text/plain", "text": "Hello from MCP Server!"}]);
    assert_eq!(r["result"]["contents"], contents);
    let r = read(&mut client, "bin://blob").await;
    assert_eq!(r["result"]["contents"][0]["blob"], "AQID");
    let r = read(&mut client, "multi://both").await;
    assert_eq!(r["result"]["contents"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn templates_are_listed_and_bind_typed_variables() {
    let mut client = connect(server()).await;
    let list = client.request("resources/templates/list", json!({})).await;
    let templates: Vec<_> = list["result"]["resourceTemplates"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["uriTemplate"].clone())
        .collect();
    assert_eq!(templates.len(), 4);
    let r = read(&mut client, "users://42/profile").await;
    assert_eq!(r["result"]["contents"][0]["text"], r#"{"id":42}"#);
    assert_eq!(r["result"]["contents"][0]["mimeType"], "application/json");
    let r = read(&mut client, "files:///docs/intro.md").await;
    assert_eq!(
        r["result"]["contents"][0],
        json!({"uri": "files:///docs/intro.md", "mimeType": "text/markdown", "text": "contents of docs/intro.md"})
    );
    let r = read(&mut client, "search://items?limit=5").await;
    assert_eq!(r["result"]["contents"][0]["text"], "q=None limit=Some(5)");
    let r = read(&mut client, "search://items").await;
    assert_eq!(r["result"]["contents"][0]["text"], "q=None limit=None");
}

#[tokio::test]
async fn the_more_specific_template_wins() {
    let mut client = connect(server()).await;
    assert_eq!(read(&mut client, "users://7/profile").await["result"]["contents"][0]["text"], r#"{"id":7}"#);
    assert_eq!(read(&mut client, "users://7/posts").await["result"]["contents"][0]["text"], "7:posts");
}

#[tokio::test]
async fn bad_uris_get_exact_errors_and_the_server_goes_on() {
    let mut client = connect(server()).await;
    let r = read(&mut client, "nothing://here").await;
    assert_eq!(r["error"], json!({"code": -32002, "message": "Resource not found", "data": {"uri": "nothing://here"}}));
    let r = read(&mut client, "users://abc/profile").await;
    assert_eq!(
        r["error"],
        json!({"code": -32602, "message": "Invalid params: invalid value `abc` for `id`: invalid digit found in string",
               "data": {"uri": "users://abc/profile"}})
    );
    let r = read(&mut client, "files:///docs/../../etc/passwd").await;
    assert_eq!(r["error"]["code"], -32602);
    assert_eq!(r["error"]["message"], "Invalid params: `path` must not contain `..` path segments");
    let r = read(&mut client, "files:///%2E%2E/secret").await;
    assert_eq!(r["error"]["code"], -32602);
    let r = read(&mut client, "broken://disk").await;
    assert_eq!(
        r["error"],
        json!({"code": -32603, "message": "Internal error: the disk is on fire", "data": {"uri": "broken://disk"}})
    );
    let r = client.request("resources/read", json!({})).await;
    assert_eq!(r["error"]["code"], -32602);
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn subscribers_hear_of_updates() {
    let server = server();
    let handle = server.handle();
    let mut client = connect(server).await;
    client.request("resources/subscribe", json!({"uri": "greeting://hello"})).await;
    handle.resource_updated("greeting://hello");
    handle.resource_updated("bin://blob");
    let note = client.recv().await.expect("notification");
    assert_eq!(
        note,
        json!({"jsonrpc": "2.0", "method": "notifications/resources/updated", "params": {"uri": "greeting://hello"}})
    );
    client.request("resources/unsubscribe", json!({"uri": "greeting://hello"})).await;
    handle.resource_updated("greeting://hello");
    // Nothing may arrive before the ping's answer.
    client.send(&json!({"jsonrpc": "2.0", "id": "after", "method": "ping"})).await;
    assert_eq!(client.recv().await, Some(json!({"jsonrpc": "2.0", "id": "after", "result": {}})));
}

#[tokio::test]
async fn subscriptions_are_bounded_and_name_known_resources() {
    let mut client = connect(server().max_subscriptions(2, 64)).await;
    let unknown = client.request("resources/subscribe", json!({"uri": "nothing://here"})).await;
    assert_eq!(unknown["error"]["code"], -32002, "{unknown}");
    let long = format!("users://{}/profile", "1".repeat(100));
    let too_long = client.request("resources/subscribe", json!({ "uri": long })).await;
    assert_eq!(too_long["error"]["code"], -32602, "{too_long}");
    for uri in ["greeting://hello", "users://7/profile", "greeting://hello"] {
        let ok = client.request("resources/subscribe", json!({ "uri": uri })).await;
        assert_eq!(ok["result"], json!({}), "{uri}: {ok}");
    }
    let third = client.request("resources/subscribe", json!({"uri": "bin://blob"})).await;
    assert_eq!(third["error"]["code"], -32602, "{third}");
    assert!(third["error"]["message"].as_str().is_some_and(|m| m.contains("2 subscriptions")), "{third}");
    client.request("resources/unsubscribe", json!({"uri": "greeting://hello"})).await;
    let after = client.request("resources/subscribe", json!({"uri": "bin://blob"})).await;
    assert_eq!(after["result"], json!({}), "room again after unsubscribing: {after}");
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn resources_added_at_run_time_are_announced() {
    let server = Server::new("dynamic");
    let handle = server.handle();
    let mut client = connect(server).await;
    handle.add_resources(resources![greeting]).expect("no state needed");
    let note = client.recv().await.expect("notification");
    assert_eq!(note["method"], "notifications/resources/list_changed");
    assert_eq!(read(&mut client, "greeting://hello").await["result"]["contents"][0]["text"], "Hello from MCP Server!");
    assert!(handle.remove_resource("greeting://hello"));
    assert_eq!(client.recv().await.expect("notification")["method"], "notifications/resources/list_changed");
    assert_eq!(read(&mut client, "greeting://hello").await["error"]["code"], -32002);
}

#[tokio::test]
async fn capabilities_follow_what_is_registered() {
    let (transport, mut client) = mcp_runtime::transport::memory::channel();
    tokio::spawn(server().serve(transport));
    let caps = client.initialize().await["result"]["capabilities"].clone();
    assert_eq!(caps, json!({"logging": {}, "resources": {"subscribe": true, "listChanged": true}}));
}
