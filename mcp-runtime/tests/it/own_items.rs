//! A tool reads its own server's resources and prompts through `Context`.

use crate::common::{call, connect, first_text};
use mcp_runtime::prelude::*;
use serde_json::json;

/// The house rules.
#[resource("rules://house")]
fn rules() -> &'static str {
    "No shouting."
}

/// Greet someone.
#[prompt]
fn greet(name: String) -> String {
    format!("Say hello to {name}")
}

/// Quotes the rules and the greeting prompt.
#[tool]
async fn quote(ctx: Context) -> Result<String, ToolError> {
    let rules = ctx.read_resource("rules://house").await.map_err(|e| ToolError::new(e.to_string()))?;
    let ResourceContents::Text { text, .. } = &rules[0] else { return Err(ToolError::new("not text")) };
    let prompt = ctx.get_prompt("greet", [("name", "Ada")]).await.map_err(|e| ToolError::new(e.to_string()))?;
    let greeting = serde_json::to_value(&prompt.messages[0].content)?;
    let missing = ctx.read_resource("rules://none").await.expect_err("no such resource");
    Ok(format!("{text} | {} | {missing}", greeting["text"].as_str().unwrap_or("")))
}

#[tokio::test]
async fn tools_read_their_own_resources_and_prompts() {
    let server = Server::new("own").tools(tools![quote]).resources(resources![rules]).prompts(prompts![greet]);
    let mut client = connect(server).await;
    let r = call(&mut client, "quote", json!({})).await;
    assert_eq!(first_text(&r), "No shouting. | Say hello to Ada | resource not found: rules://none");
}

#[tokio::test]
async fn a_detached_context_reads_nothing() {
    assert!(Context::detached().read_resource("rules://house").await.is_err());
}
