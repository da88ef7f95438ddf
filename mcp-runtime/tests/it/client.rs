//! The client against a server in the same process.
#![cfg(feature = "client")]

use std::time::Duration;

use mcp_runtime::client::{Client, ClientOptions, Error};
use mcp_runtime::prelude::*;
use serde_json::json;
use tokio::sync::Notify;

/// Add two numbers together.
#[tool]
async fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// Always fails.
#[tool]
fn broken() -> Result<String, ToolError> {
    Err(ToolError::new("nope"))
}

/// Asks the client's model.
#[tool]
async fn ask(ctx: Context) -> Result<String, ToolError> {
    Ok(ctx.sample(SamplingRequest::new(10).user("hi")).await?.text().unwrap_or("").to_owned())
}

static STARTED: Notify = Notify::const_new();
static CANCELLED: Notify = Notify::const_new();

/// Signals when the runtime drops the call (which is what cancellation does).
struct DropSignal;

impl Drop for DropSignal {
    fn drop(&mut self) {
        CANCELLED.notify_one();
    }
}

/// Waits to be cancelled.
#[tool]
async fn wait() -> String {
    let _guard = DropSignal;
    STARTED.notify_one();
    std::future::pending::<String>().await
}

/// A greeting.
#[resource("greeting://hello")]
fn greeting() -> &'static str {
    "Hello from MCP Server!"
}

/// Summarize.
#[prompt]
fn summarize(text: String) -> String {
    format!("Summarize: {text}")
}

fn server() -> Server {
    Server::new("in-process")
        .version("1.2.3")
        .tools(tools![add, broken, ask, wait])
        .resources(resources![greeting])
        .prompts(prompts![summarize])
}

#[tokio::test]
async fn typed_calls_work_in_memory() {
    let client = Client::memory(server(), ClientOptions::named("mem")).await.expect("connects");
    assert_eq!(client.server_info().name, "in-process");
    let names: Vec<String> = client.list_tools().await.expect("tools").into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["add", "broken", "ask", "wait"]);
    let sum: i64 = client.call_tool_as("add", json!({"a": 5, "b": 3})).await.expect("sum");
    assert_eq!(sum, 8);
    let contents = client.read_resource("greeting://hello").await.expect("read");
    assert_eq!(serde_json::to_value(&contents[0]).expect("json")["text"], "Hello from MCP Server!");
    let prompt = client.get_prompt("summarize", [("text", "x")]).await.expect("prompt");
    assert_eq!(prompt.messages.len(), 1);
    assert_eq!(client.list_resources().await.expect("resources").len(), 1);
    client.ping().await.expect("ping");
}

#[tokio::test]
async fn capabilities_and_completion_references_are_typed() {
    use mcp_runtime::protocol::{CompletionRef, ListChanged, ProtocolVersion};

    /// Weather by city.
    #[resource("weather://{city}", complete(city = cities))]
    fn weather(city: String) -> String {
        city
    }

    fn cities(partial: &str) -> Vec<String> {
        ["Paris", "Perth", "Oslo"].into_iter().filter(|c| c.starts_with(partial)).map(String::from).collect()
    }

    for version in [ProtocolVersion::LATEST_SESSION, ProtocolVersion::V2026_07_28] {
        let server = server().resources(resources![weather]);
        let client =
            Client::memory(server, ClientOptions::named("mem").protocol_version(version)).await.expect("connects");
        let caps = client.capabilities();
        assert_eq!(caps.tools, Some(ListChanged::announced()), "{version:?}");
        assert!(caps.resources.is_some_and(|r| r.subscribe && r.list_changed), "{version:?}");
        assert_eq!(caps.prompts, Some(ListChanged::announced()), "{version:?}");
        assert!(caps.logging.is_some() && caps.completions.is_some(), "{version:?}");
        let found = client.complete(CompletionRef::resource("weather://{city}"), "city", "P").await.expect("completes");
        assert_eq!(found, ["Paris", "Perth"], "{version:?}");
        let unknown = client.complete(CompletionRef::prompt("nothing"), "x", "").await;
        assert!(unknown.is_err(), "{version:?}: an unknown prompt is an error");
    }
}

#[tokio::test]
async fn errors_are_typed_and_name_the_server() {
    let client = Client::memory(server(), ClientOptions::named("mem")).await.expect("connects");
    match client.call_tool_as::<String>("broken", json!({})).await {
        Err(Error::Tool { server, tool, message }) => {
            assert_eq!((server.as_str(), tool.as_str(), message.as_str()), ("mem", "broken", "nope"))
        }
        other => panic!("expected a tool error, got {other:?}"),
    }
    match client.call_tool("missing", json!({})).await {
        Err(Error::Rpc { error, .. }) => assert_eq!(error.code, -32602),
        other => panic!("expected an RPC error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_server_can_ask_the_client() {
    let options = ClientOptions::named("mem").on_sampling(|request| async move {
        let asked = serde_json::to_value(&request.messages).expect("json");
        assert_eq!(asked, json!([{"role": "user", "content": {"type": "text", "text": "hi"}}]));
        assert_eq!(request.max_tokens, 10);
        Ok(SamplingResult::from_text("hello back", "m"))
    });
    let client = Client::memory(server(), options).await.expect("connects");
    let text: String = client.call_tool_as("ask", json!({})).await.expect("sampled");
    assert_eq!(text, "hello back");
}

#[tokio::test]
async fn roots_and_elicitation_handlers_are_typed() {
    use mcp_runtime::client::ElicitationResponse;

    /// Lists the client's roots.
    #[tool]
    async fn roots(ctx: Context) -> Result<String, ToolError> {
        let roots = ctx.roots().await?;
        Ok(roots
            .iter()
            .map(|r| format!("{} {}", r.uri, r.name.as_deref().unwrap_or("-")))
            .collect::<Vec<_>>()
            .join(", "))
    }

    #[derive(Deserialize, JsonSchema)]
    struct Size {
        /// How big.
        size: String,
    }

    /// Asks the user for a size.
    #[tool]
    async fn size(ctx: Context) -> Result<String, ToolError> {
        match ctx.elicit::<Size>("Which size?").await? {
            Elicitation::Accept(Size { size }) => Ok(size),
            Elicitation::Decline | Elicitation::Cancel => Ok("none".into()),
        }
    }

    let options = ClientOptions::named("mem")
        .on_roots(|| async { Ok(vec![Root::new("file:///work", "work")]) })
        .on_elicitation(|request| async move {
            assert_eq!(request.message, "Which size?");
            let mut content = serde_json::Map::new();
            content.insert("size".into(), json!("large"));
            Ok(ElicitationResponse::accept(content))
        });
    let client = Client::memory(Server::new("asks").tools(tools![roots, size]), options).await.expect("connects");
    let listed: String = client.call_tool_as("roots", json!({})).await.expect("roots");
    assert_eq!(listed, "file:///work work");
    let size: String = client.call_tool_as("size", json!({})).await.expect("size");
    assert_eq!(size, "large");
}

#[tokio::test]
async fn dropping_a_call_cancels_it_and_timeouts_are_errors() {
    let client =
        Client::memory(server(), ClientOptions::named("mem").timeout(Duration::from_secs(30))).await.expect("connects");
    let call = client.call_tool("wait", json!({}));
    tokio::select! {
        _ = call => panic!("wait never finishes on its own"),
        () = STARTED.notified() => {}
    }
    tokio::time::timeout(Duration::from_secs(30), CANCELLED.notified()).await.expect("the server saw the cancellation");

    let quick = Client::memory(server(), ClientOptions::named("slow").timeout(Duration::from_millis(50)))
        .await
        .expect("connects");
    match quick.call_tool("wait", json!({})).await {
        Err(Error::Timeout { server, method, .. }) => {
            assert_eq!((server.as_str(), method.as_str()), ("slow", "tools/call"))
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn subscribe_works_in_both_eras() {
    use mcp_runtime::protocol::ProtocolVersion;
    for version in [ProtocolVersion::V2025_11_25, ProtocolVersion::V2026_07_28] {
        let server = server();
        let handle = server.handle();
        let client =
            Client::memory(server, ClientOptions::named("mem").protocol_version(version)).await.expect("connects");
        let mut notes = client.notifications();
        client.subscribe("greeting://hello").await.expect("subscribes");
        handle.resource_updated("greeting://hello");
        let update = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                let note = notes.recv().await.expect("open");
                if note.method == "notifications/resources/updated" {
                    return note;
                }
            }
        })
        .await
        .expect("an update arrives");
        assert_eq!(update.params["uri"], "greeting://hello", "{version}");
    }
}

#[tokio::test]
async fn listen_reports_what_the_server_honours() {
    let client = Client::memory(server(), ClientOptions::named("mem")).await.expect("connects");
    assert_eq!(
        client.protocol_version(),
        mcp_runtime::protocol::ProtocolVersion::V2026_07_28,
        "the probe finds a modern server"
    );
    let filter = mcp_runtime::client::ListenFilter { tools_list_changed: true, ..Default::default() };
    let listening = client.listen(filter).await.expect("acknowledged");
    assert_eq!(listening.honoured()["toolsListChanged"], true);
    drop(listening);
    client.ping().await.expect("still serving after the stream is cancelled");
}
