//! Prompts and completion through a real session.

use crate::common::{assert_alive, connect};
use mcp_runtime::prelude::*;
use serde_json::json;

/// Ask the model to summarize a text.
#[prompt(complete(style = style_names))]
fn summarize(
    /// The text to summarize.
    text: String,
    #[arg(description = "How to summarize.")] style: Option<String>,
) -> String {
    format!("Summarize ({}):\n\n{text}", style.unwrap_or_else(|| "plain".into()))
}

fn style_names(prefix: &str) -> Vec<String> {
    ["bullets", "brief", "plain"].iter().filter(|s| s.starts_with(prefix)).map(|s| (*s).to_owned()).collect()
}

/// Repeat a line.
#[prompt(name = "repeat", title = "Repeat")]
async fn repeat_line(line: String, count: u32, ctx: Context) -> Vec<PromptMessage> {
    let _ = ctx.request_id();
    (0..count).map(|_| PromptMessage::user(line.as_str())).collect()
}

/// A conversation with a picture.
#[prompt]
fn picture() -> Result<GetPromptResult, String> {
    let messages = vec![
        PromptMessage::user(Image::png(&[1])),
        PromptMessage::assistant(EmbeddedResource::text("note://1", "text/plain", "a note")),
    ];
    Ok(GetPromptResult { description: Some("with media".into()), messages })
}

/// A city report.
#[resource("weather://{city}/now", complete(city = cities))]
fn weather(city: String) -> String {
    city
}

fn cities(prefix: &str) -> Vec<String> {
    (0..150).map(|i| format!("{prefix}{i}")).collect()
}

fn server() -> Server {
    Server::new("prompts").prompts(prompts![summarize, repeat_line, picture]).resources(resources![weather])
}

#[tokio::test]
async fn prompts_are_listed_with_their_arguments() {
    let mut client = connect(server()).await;
    let list = client.request("prompts/list", json!({})).await;
    let prompts = &list["result"]["prompts"];
    assert_eq!(
        prompts[0],
        json!({"name": "summarize", "description": "Ask the model to summarize a text.", "arguments": [
            {"name": "text", "description": "The text to summarize.", "required": true},
            {"name": "style", "description": "How to summarize.", "required": false}]})
    );
    assert_eq!(prompts[1]["name"], "repeat");
    assert_eq!(prompts[1]["title"], "Repeat");
    assert_eq!(prompts[1]["arguments"].as_array().map(Vec::len), Some(2), "Context must not be an argument");
}

#[tokio::test]
async fn prompts_render() {
    let mut client = connect(server()).await;
    let r = client.request("prompts/get", json!({"name": "summarize", "arguments": {"text": "hi"}})).await;
    assert_eq!(
        r["result"],
        json!({"messages": [{"role": "user", "content": {"type": "text", "text": "Summarize (plain):\n\nhi"}}]})
    );
    let r = client.request("prompts/get", json!({"name": "repeat", "arguments": {"line": "x", "count": "2"}})).await;
    assert_eq!(r["result"]["messages"].as_array().map(Vec::len), Some(2));
    let r = client.request("prompts/get", json!({"name": "picture"})).await;
    assert_eq!(r["result"]["description"], "with media");
    assert_eq!(r["result"]["messages"][0]["content"]["type"], "image");
    assert_eq!(r["result"]["messages"][1]["content"]["resource"]["text"], "a note");
}

#[tokio::test]
async fn bad_prompt_requests_get_exact_errors() {
    let mut client = connect(server()).await;
    let r = client.request("prompts/get", json!({"name": "summarize", "arguments": {}})).await;
    assert_eq!(r["error"], json!({"code": -32602, "message": "Invalid params: missing required argument `text`"}));
    let r = client.request("prompts/get", json!({"name": "repeat", "arguments": {"line": "x", "count": "many"}})).await;
    assert_eq!(
        r["error"],
        json!({"code": -32602, "message": "Invalid params: invalid value for argument `count`: invalid digit found in string"})
    );
    let r = client.request("prompts/get", json!({"name": "nope"})).await;
    assert_eq!(r["error"], json!({"code": -32602, "message": "Invalid params: unknown prompt `nope`"}));
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn completion_offers_values_and_caps_them() {
    let mut client = connect(server()).await;
    let r = client
        .request(
            "completion/complete",
            json!({"ref": {"type": "ref/prompt", "name": "summarize"}, "argument": {"name": "style", "value": "b"}}),
        )
        .await;
    assert_eq!(r["result"], json!({"completion": {"values": ["bullets", "brief"], "total": 2, "hasMore": false}}));
    let r = client
        .request("completion/complete", json!({"ref": {"type": "ref/resource", "uri": "weather://{city}/now"}, "argument": {"name": "city", "value": "c"}}))
        .await;
    assert_eq!(r["result"]["completion"]["values"].as_array().map(Vec::len), Some(100));
    assert_eq!(
        (r["result"]["completion"]["total"].clone(), r["result"]["completion"]["hasMore"].clone()),
        (json!(150), json!(true))
    );
    let r = client
        .request(
            "completion/complete",
            json!({"ref": {"type": "ref/prompt", "name": "summarize"}, "argument": {"name": "text", "value": ""}}),
        )
        .await;
    assert_eq!(r["result"]["completion"]["values"], json!([]));
}

#[tokio::test]
async fn completion_for_an_unknown_reference_is_invalid_params() {
    let mut client = connect(server()).await;
    let r = client
        .request(
            "completion/complete",
            json!({"ref": {"type": "ref/prompt", "name": "ghost"}, "argument": {"name": "a", "value": ""}}),
        )
        .await;
    assert_eq!(r["error"], json!({"code": -32602, "message": "Invalid params: unknown prompt `ghost`"}));
    let r = client
        .request(
            "completion/complete",
            json!({"ref": {"type": "ref/resource", "uri": "nope://{x}"}, "argument": {"name": "x", "value": ""}}),
        )
        .await;
    assert_eq!(
        r["error"],
        json!({"code": -32602, "message": "Invalid params: unknown resource template `nope://{x}`"})
    );
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn completions_capability_only_with_a_completer() {
    let (transport, mut client) = mcp_runtime::transport::memory::channel();
    tokio::spawn(server().serve(transport));
    let caps = client.initialize().await["result"]["capabilities"].clone();
    assert_eq!(caps["completions"], json!({}));
    assert_eq!(caps["prompts"], json!({"listChanged": true}));

    /// No completion here.
    #[prompt]
    fn plain() -> String {
        String::new()
    }
    let (transport, mut client) = mcp_runtime::transport::memory::channel();
    tokio::spawn(Server::new("plain").prompts(prompts![plain]).serve(transport));
    let caps = client.initialize().await["result"]["capabilities"].clone();
    assert!(caps.get("completions").is_none(), "{caps}");
}
