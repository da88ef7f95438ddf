//! The typed methods of [`Client`].

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::connection::protocol;
use super::{input, Client, Error};
use crate::protocol::{
    CallToolResult, Content, GetPromptResult, Prompt, Resource, ResourceContents, ResourceTemplate, Tool,
};
use crate::protocol::{CompletionRef, LogLevel};

impl Client {
    /// Sends any request and parses its result.
    /// An `input_required` result (2026-07-28) is answered with the
    /// client's handlers and the request sent again, until it completes.
    pub async fn request<T: DeserializeOwned>(&self, method: &str, params: Value) -> Result<T, Error> {
        let parse_error = |e: serde_json::Error| protocol(&self.conn, format!("`{method}` result: {e}"));
        let mut params = params;
        for _ in 0..input::MAX_ROUNDS {
            let raw = self.conn.request(method, &params, self.timeout).await?;
            if !input::may_ask_for_input(raw.get()) {
                return serde_json::from_str(raw.get()).map_err(parse_error);
            }
            let result: Value = serde_json::from_str(raw.get()).map_err(parse_error)?;
            match input::next_round(&self.conn, &params, &result).await? {
                Some(next) => params = next,
                None => return serde_json::from_value(result).map_err(parse_error),
            }
        }
        Err(protocol(&self.conn, format!("`{method}` still asked for input after {} rounds", input::MAX_ROUNDS)))
    }

    /// Collects every page of a list method.
    async fn list_all<T: DeserializeOwned>(&self, method: &str, key: &str) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let params = cursor.as_ref().map_or_else(|| json!({}), |c| json!({ "cursor": c }));
            let mut page: Value = self.request(method, params).await?;
            let batch = serde_json::from_value::<Vec<T>>(page[key].take())
                .map_err(|e| protocol(&self.conn, format!("`{method}` {key}: {e}")))?;
            items.extend(batch);
            match page.get("nextCursor").and_then(Value::as_str) {
                Some(next) => cursor = Some(next.to_owned()),
                None => return Ok(items),
            }
        }
    }

    /// Every tool, across pages. Under 2026-07-28, a tool with invalid
    /// `x-mcp-header` annotations is left out (with a warning), as the
    /// specification requires.
    pub async fn list_tools(&self) -> Result<Vec<Tool>, Error> {
        let tools = self.list_all("tools/list", "tools").await?;
        if self.version.uses_initialize() {
            return Ok(tools);
        }
        Ok(super::tool_headers::admit(&self.conn.tool_headers, &self.conn.server, tools))
    }

    /// Calls a tool; an `isError` result is returned as it is.
    pub async fn call_tool(&self, name: &str, arguments: Value) -> Result<CallToolResult, Error> {
        self.request("tools/call", json!({ "name": name, "arguments": arguments })).await
    }

    /// Calls a tool with a progress token; `on_progress(done, total, message)`
    /// runs for each `notifications/progress` the tool sends.
    pub async fn call_tool_with_progress(
        &self,
        name: &str,
        arguments: Value,
        on_progress: impl Fn(f64, Option<f64>, Option<&str>),
    ) -> Result<CallToolResult, Error> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let token = format!("progress-{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        let mut notes = self.notifications();
        let params = json!({ "name": name, "arguments": arguments, "_meta": { "progressToken": token } });
        let call = self.request::<CallToolResult>("tools/call", params);
        tokio::pin!(call);
        loop {
            // Notifications first: the last progress arrives before the result.
            tokio::select! {
                biased;
                Ok(note) = notes.recv() => {
                    let p = &note.params;
                    if note.method == "notifications/progress" && p["progressToken"] == json!(token) {
                        on_progress(p["progress"].as_f64().unwrap_or(0.0), p["total"].as_f64(), p["message"].as_str());
                    }
                }
                result = &mut call => return result,
            }
        }
    }

    /// Calls a tool and reads its `structuredContent` as `T` (or, for a tool
    /// with no structured output, its text as JSON). `isError` is [`Error::Tool`].
    pub async fn call_tool_as<T: DeserializeOwned>(&self, name: &str, arguments: Value) -> Result<T, Error> {
        let result = self.call_tool(name, arguments).await?;
        let text = || result.content.iter().find_map(Content::as_text).map(str::to_owned);
        if result.is_error {
            let message = text().unwrap_or_else(|| "no message".into());
            return Err(Error::Tool { server: self.conn.server.clone(), tool: name.into(), message });
        }
        let value = match &result.structured_content {
            Some(v) => v.get("result").filter(|_| v.as_object().is_some_and(|o| o.len() == 1)).unwrap_or(v).clone(),
            None => text().map(|t| serde_json::from_str(&t).unwrap_or(Value::String(t))).unwrap_or(Value::Null),
        };
        serde_json::from_value(value).map_err(|e| protocol(&self.conn, format!("`{name}` result: {e}")))
    }

    /// Every static resource, across pages.
    pub async fn list_resources(&self) -> Result<Vec<Resource>, Error> {
        self.list_all("resources/list", "resources").await
    }

    /// Every resource template, across pages.
    pub async fn list_resource_templates(&self) -> Result<Vec<ResourceTemplate>, Error> {
        self.list_all("resources/templates/list", "resourceTemplates").await
    }

    /// Reads a resource.
    pub async fn read_resource(&self, uri: &str) -> Result<Vec<ResourceContents>, Error> {
        let mut result: Value = self.request("resources/read", json!({ "uri": uri })).await?;
        serde_json::from_value(result["contents"].take()).map_err(|e| protocol(&self.conn, e))
    }

    /// Every prompt, across pages.
    pub async fn list_prompts(&self) -> Result<Vec<Prompt>, Error> {
        self.list_all("prompts/list", "prompts").await
    }

    /// Renders a prompt.
    pub async fn get_prompt(&self, name: &str, arguments: Value) -> Result<GetPromptResult, Error> {
        self.request("prompts/get", json!({ "name": name, "arguments": arguments })).await
    }

    /// Completion candidates for an argument of a prompt (`ref/prompt`) or a
    /// template variable (`ref/resource`).
    pub async fn complete(&self, reference: CompletionRef, argument: &str, value: &str) -> Result<Vec<String>, Error> {
        let params = json!({ "ref": reference, "argument": { "name": argument, "value": value } });
        let mut result: Value = self.request("completion/complete", params).await?;
        serde_json::from_value(result["completion"]["values"].take()).map_err(|e| protocol(&self.conn, e))
    }

    /// Sets the server's log level: `logging/setLevel` in a session; under
    /// 2026-07-28, the `logLevel` every later request carries in `_meta`.
    pub async fn set_log_level(&self, level: LogLevel) -> Result<(), Error> {
        if self.version.uses_initialize() {
            return self.request::<Value>("logging/setLevel", json!({ "level": level })).await.map(drop);
        }
        self.conn.add_meta("io.modelcontextprotocol/logLevel", json!(level));
        Ok(())
    }

    /// Checks the server is alive: `ping` in a session, `server/discover`
    /// under 2026-07-28 (which has no `ping`).
    pub async fn ping(&self) -> Result<(), Error> {
        let method = if self.version.uses_initialize() { "ping" } else { "server/discover" };
        self.request::<Value>(method, json!({})).await.map(drop)
    }
}
