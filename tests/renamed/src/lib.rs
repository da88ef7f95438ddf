//! Tools, resources, prompts and handlers written against `mcp-runtime`
//! renamed to `mcp`, with `crate = "mcp"` on every attribute.

use mcp::prelude::*;

/// Add two numbers.
#[tool(crate = "mcp")]
pub async fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// A greeting.
#[resource("greeting://hello", crate = "mcp")]
pub fn hello() -> &'static str {
    "hello"
}

/// Ask for a review of `code`.
#[prompt(crate = "mcp")]
pub fn review(code: String) -> String {
    format!("Review this: {code}")
}

/// A counter whose methods are tools.
pub struct Counter;

#[handlers(crate = "mcp")]
impl Counter {
    /// The counter's name.
    #[tool]
    pub fn counter_name(&self) -> String {
        "counter".into()
    }
}

/// The server, with every kind of item.
pub fn server() -> Server {
    Server::new("renamed").tools(tools![add]).resources(resources![hello]).prompts(prompts![review]).handlers(Counter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mcp::client::{Client, ClientOptions};

    #[tokio::test]
    async fn every_item_works_through_the_renamed_crate() {
        let client = Client::memory(server(), ClientOptions::named("check")).await.expect("connects");
        let sum = client.call_tool("add", serde_json::json!({"a": 2, "b": 3})).await.expect("a call");
        assert_eq!(sum.structured_content, Some(serde_json::json!({"result": 5})));
        let named = client.call_tool("counter_name", serde_json::json!({})).await.expect("a method tool");
        assert_eq!(named.content[0].as_text(), Some("counter"));
        assert_eq!(client.read_resource("greeting://hello").await.expect("a read").len(), 1);
        assert_eq!(client.list_prompts().await.expect("a list").len(), 1);
    }
}
