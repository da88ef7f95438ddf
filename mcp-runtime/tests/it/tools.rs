//! What `#[tool]` generates, observed through a real session.

use crate::common::{call, connect, connect_with, first_text};
use mcp_runtime::prelude::*;
use serde_json::json;
use std::sync::atomic::{AtomicI64, Ordering};

/// Add two numbers together.
#[tool]
async fn add_numbers(a: i64, b: i64) -> i64 {
    a + b
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Units {
    Metric,
    Imperial,
}

#[derive(Debug, Serialize, JsonSchema)]
struct Forecast {
    city: String,
    temperature: f64,
    units: Units,
}

/// Current weather for a city.
#[tool(read_only, title = "Weather", icons = ["https://example.com/sun.svg"])]
async fn weather(
    /// City name, e.g. "Beijing"
    city: String,
    units: Option<Units>,
    ctx: Context,
) -> Result<Forecast, ToolError> {
    let _ = ctx.request_id();
    if city.is_empty() {
        return Err(ToolError::new("city must not be empty"));
    }
    Ok(Forecast { city, temperature: 20.0, units: units.unwrap_or(Units::Metric) })
}

#[derive(Debug, Deserialize, JsonSchema)]
struct Query {
    /// Words to look for.
    terms: Vec<String>,
    limit: Option<u32>,
}

/// Search with a structured query.
#[tool]
fn search(#[arg(flatten)] query: Query) -> String {
    format!("{} terms, limit {:?}", query.terms.len(), query.limit)
}

/// Repeat a word.
#[tool(name = "repeat.word")]
fn repeat(
    #[arg(rename = "text")] word: String,
    #[arg(default = 2, description = "How many times.")] times: usize,
) -> String {
    word.repeat(times)
}

/// Sum on the blocking pool.
#[tool(blocking)]
fn blocking_sum(values: Vec<i64>) -> i64 {
    values.iter().sum()
}

/// A picture and a caption.
#[tool]
fn picture() -> Vec<Content> {
    vec![Content::text("a dot"), Image::png(&[1, 2, 3]).into()]
}

/// Nothing to say.
#[tool]
fn nothing() {}

struct Counter {
    total: AtomicI64,
}

#[handlers]
impl Counter {
    /// Add to the running total and return it.
    #[tool]
    async fn bump(&self, by: i64) -> i64 {
        self.total.fetch_add(by, Ordering::SeqCst) + by
    }

    /// The running total.
    #[tool(read_only)]
    fn total(&self) -> i64 {
        self.total.load(Ordering::SeqCst)
    }
}

fn server() -> Server {
    Server::new("test-server")
        .version("9.9.9")
        .instructions("Be nice.")
        .tools(tools![add_numbers, weather, search, repeat, blocking_sum, picture, nothing])
        .handlers(Counter { total: AtomicI64::new(0) })
}

#[tokio::test]
async fn functions_stay_callable() {
    assert_eq!(add_numbers(2, 3).await, 5);
    assert_eq!(repeat("ab".into(), 3), "ababab");
    let forecast = weather("Paris".into(), None, Context::detached()).await.expect("ok");
    assert_eq!(forecast.city, "Paris");
}

#[tokio::test]
async fn initialize_reports_user_identity_and_capabilities() {
    let (transport, mut client) = mcp_runtime::transport::memory::channel();
    tokio::spawn(server().serve(transport));
    let reply = client.initialize().await;
    let result = &reply["result"];
    assert_eq!(result["serverInfo"], json!({"name": "test-server", "version": "9.9.9"}));
    assert_eq!(result["instructions"], "Be nice.");
    assert_eq!(result["protocolVersion"], "2025-11-25");
    assert_eq!(result["capabilities"], json!({"logging": {}, "tools": {"listChanged": true}}));
}

#[tokio::test]
async fn schemas_follow_the_signature() {
    let mut client = connect(server()).await;
    let list = client.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().expect("tools").clone();
    let find = |name: &str| tools.iter().find(|t| t["name"] == name).cloned().expect(name);

    let add = find("add_numbers");
    assert_eq!(add["description"], "Add two numbers together.");
    assert_eq!(add["inputSchema"]["required"], json!(["a", "b"]));
    assert_eq!(add["inputSchema"]["properties"]["a"]["type"], "integer");

    let weather = find("weather");
    assert_eq!(weather["title"], "Weather");
    assert_eq!(weather["icons"], json!([{"src": "https://example.com/sun.svg"}]));
    assert_eq!(weather["annotations"], json!({"title": "Weather", "readOnlyHint": true}));
    assert_eq!(weather["inputSchema"]["required"], json!(["city"]));
    assert_eq!(weather["inputSchema"]["properties"]["city"]["description"], "City name, e.g. \"Beijing\"");
    assert!(weather["inputSchema"]["properties"].get("ctx").is_none(), "Context leaked into the schema");
    assert!(weather["inputSchema"]["$defs"]["Units"].is_object());
    assert_eq!(weather["outputSchema"]["type"], "object");
    assert!(weather["outputSchema"]["properties"]["temperature"].is_object());

    let search = find("search");
    assert_eq!(search["inputSchema"]["required"], json!(["terms"]));
    assert_eq!(search["inputSchema"]["properties"]["terms"]["description"], "Words to look for.");

    let repeat = find("repeat.word");
    assert_eq!(repeat["inputSchema"]["required"], json!(["text"]), "renamed on the wire");
    assert_eq!(repeat["inputSchema"]["properties"]["times"]["default"], 2);
    assert_eq!(repeat["inputSchema"]["properties"]["times"]["description"], "How many times.");

    assert_eq!(find("total")["annotations"]["readOnlyHint"], true);
    assert!(find("picture").get("outputSchema").is_none());
}

#[tokio::test]
async fn results_are_delivered_by_return_type() {
    let mut client = connect(server()).await;

    let r = call(&mut client, "add_numbers", json!({"a": 2, "b": 3})).await;
    assert_eq!(r, json!({"content": [{"type": "text", "text": "5"}], "structuredContent": {"result": 5}}));

    let r = call(&mut client, "weather", json!({"city": "Oslo", "units": "imperial"})).await;
    assert_eq!(r["structuredContent"], json!({"city": "Oslo", "temperature": 20.0, "units": "imperial"}));
    let mirror: serde_json::Value = serde_json::from_str(first_text(&r)).expect("mirror is JSON");
    assert_eq!(mirror, r["structuredContent"]);

    let r = call(&mut client, "weather", json!({"city": ""})).await;
    assert_eq!(r, json!({"content": [{"type": "text", "text": "city must not be empty"}], "isError": true}));

    let r = call(&mut client, "search", json!({"terms": ["a", "b"], "limit": 3})).await;
    assert_eq!(first_text(&r), "2 terms, limit Some(3)");

    let r = call(&mut client, "repeat.word", json!({"text": "ha"})).await;
    assert_eq!(first_text(&r), "haha");

    let r = call(&mut client, "blocking_sum", json!({"values": [1, 2, 3]})).await;
    assert_eq!(r["structuredContent"], json!({"result": 6}));

    let r = call(&mut client, "picture", json!({})).await;
    assert_eq!(r["content"][1], json!({"type": "image", "data": "AQID", "mimeType": "image/png"}));

    let r = call(&mut client, "nothing", json!({})).await;
    assert_eq!(r, json!({"content": []}));
}

#[tokio::test]
async fn methods_share_the_value() {
    let mut client = connect(server()).await;
    call(&mut client, "bump", json!({"by": 2})).await;
    let r = call(&mut client, "bump", json!({"by": 3})).await;
    assert_eq!(r["structuredContent"]["result"], 5);
    let r = call(&mut client, "total", json!({})).await;
    assert_eq!(r["structuredContent"]["result"], 5);
}

#[tokio::test]
async fn older_revisions_get_no_structured_output() {
    let mut client = connect_with(server(), "2025-03-26").await;
    let r = call(&mut client, "add_numbers", json!({"a": 1, "b": 1})).await;
    assert_eq!(r, json!({"content": [{"type": "text", "text": "2"}]}));
    let list = client.request("tools/list", json!({})).await;
    assert!(list["result"]["tools"][0].get("outputSchema").is_none());
    assert!(list["result"]["tools"][1].get("icons").is_none());
}

#[tokio::test]
async fn tools_list_paginates() {
    let mut client = connect(server().page_size(3)).await;
    let mut names = Vec::new();
    let mut cursor = None;
    loop {
        let params = cursor.map_or(json!({}), |c| json!({ "cursor": c }));
        let page = client.request("tools/list", params).await;
        let result = &page["result"];
        names.extend(result["tools"].as_array().expect("tools").iter().map(|t| t["name"].clone()));
        match result.get("nextCursor") {
            Some(c) => cursor = Some(c.clone()),
            None => break,
        }
    }
    assert_eq!(names.len(), 9);
    let bad = client.request("tools/list", json!({"cursor": "nonsense"})).await;
    assert_eq!(bad["error"]["code"], -32602);
}
