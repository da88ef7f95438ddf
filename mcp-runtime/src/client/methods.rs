//! The typed methods of [`Client`].

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::server_link::protocol;
use super::{input, Client, Error};
use crate::protocol::requests::{self as typed, CallToolParams, Page, RequestMeta, Typed};
use crate::protocol::requests::{CompleteArgument, CompleteParams, GetPromptParams, ListParams, UriParams};
use crate::protocol::{CallToolResult, Content, GetPromptResult, Prompt, Resource, ResourceContents, ResourceTemplate};
use crate::protocol::{CompletionRef, Empty, LogLevel, Tool};

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

    /// Sends method `M` of the method table, with its typed params, and
    /// reads its typed result.
    pub(crate) async fn send<M: Typed>(&self, params: M::Params) -> Result<M::Result, Error> {
        let method = M::METHOD.as_str();
        let params =
            serde_json::to_value(params).map_err(|e| protocol(&self.conn, format!("`{method}` params: {e}")))?;
        self.request(method, params).await
    }

    /// Collects every page of list method `M`.
    async fn list_all<M>(&self) -> Result<Vec<<M::Result as Page>::Item>, Error>
    where
        M: Typed<Params = ListParams>,
        M::Result: Page,
    {
        let mut items = Vec::new();
        let mut cursor = None;
        loop {
            let (batch, next) = self.send::<M>(ListParams { cursor }).await?.into_parts();
            items.extend(batch);
            if next.is_none() {
                return Ok(items);
            }
            cursor = next;
        }
    }

    /// Every tool, across pages. Under 2026-07-28, a tool with invalid
    /// `x-mcp-header` annotations is left out (with a warning), as the
    /// specification requires.
    pub async fn list_tools(&self) -> Result<Vec<Tool>, Error> {
        let tools = self.list_all::<typed::ToolsList>().await?;
        if self.version.uses_initialize() {
            return Ok(tools);
        }
        Ok(super::tool_headers::admit(&self.conn.tool_headers, &self.conn.server, tools))
    }

    /// Calls a tool; an `isError` result is returned as it is.
    pub async fn call_tool(&self, name: &str, arguments: Value) -> Result<CallToolResult, Error> {
        self.send::<typed::ToolsCall>(CallToolParams { name: name.into(), arguments: Some(arguments), meta: None })
            .await
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
        let meta = Some(RequestMeta { progress_token: Some(json!(token)) });
        let call =
            self.send::<typed::ToolsCall>(CallToolParams { name: name.into(), arguments: Some(arguments), meta });
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
        self.list_all::<typed::ResourcesList>().await
    }

    /// Every resource template, across pages.
    pub async fn list_resource_templates(&self) -> Result<Vec<ResourceTemplate>, Error> {
        self.list_all::<typed::TemplatesList>().await
    }

    /// Reads a resource.
    pub async fn read_resource(&self, uri: &str) -> Result<Vec<ResourceContents>, Error> {
        let read = self.send::<typed::ResourcesRead>(UriParams { uri: uri.into() }).await?;
        Ok(read.contents)
    }

    /// Every prompt, across pages.
    pub async fn list_prompts(&self) -> Result<Vec<Prompt>, Error> {
        self.list_all::<typed::PromptsList>().await
    }

    /// Renders a prompt with its string arguments.
    ///
    /// ```no_run
    /// # async fn demo(client: &mcp_runtime::client::Client) -> Result<(), mcp_runtime::client::Error> {
    /// let greeting = client.get_prompt("greet", [("name", "Ada")]).await?;
    /// let none = client.get_prompt::<&str, &str>("motd", []).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_prompt<K, V>(
        &self,
        name: &str,
        arguments: impl IntoIterator<Item = (K, V)>,
    ) -> Result<GetPromptResult, Error>
    where
        K: Into<String>,
        V: Into<String>,
    {
        let arguments = crate::protocol::prompt_arguments(arguments);
        self.send::<typed::PromptsGet>(GetPromptParams { name: name.into(), arguments }).await
    }

    /// Completion candidates for an argument of a prompt (`ref/prompt`) or a
    /// template variable (`ref/resource`).
    pub async fn complete(&self, reference: CompletionRef, argument: &str, value: &str) -> Result<Vec<String>, Error> {
        let argument = CompleteArgument { name: argument.into(), value: value.into() };
        let result = self.send::<typed::Complete>(CompleteParams { reference, argument }).await?;
        Ok(result.completion.values)
    }

    /// Sets the server's log level: `logging/setLevel` in a session; under
    /// 2026-07-28, the `logLevel` every later request carries in `_meta`.
    pub async fn set_log_level(&self, level: LogLevel) -> Result<(), Error> {
        if self.version.uses_initialize() {
            return self.send::<typed::SetLevel>(typed::SetLevelParams { level }).await.map(drop);
        }
        self.conn.add_meta("io.modelcontextprotocol/logLevel", json!(level));
        Ok(())
    }

    /// Checks the server is alive: `ping` in a session, `server/discover`
    /// under 2026-07-28 (which has no `ping`).
    pub async fn ping(&self) -> Result<(), Error> {
        if self.version.uses_initialize() {
            return self.send::<typed::Ping>(Empty {}).await.map(drop);
        }
        self.send::<typed::Discover>(Empty {}).await.map(drop)
    }
}
