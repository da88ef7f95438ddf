//! What a tool can ask of the client through [`Context`]: elicitation,
//! sampling and roots. The same calls work in both eras: as requests on the
//! session, or as `input_required` rounds under 2026-07-28.

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::context::Context;
use super::elicit::{form_schema, ClientRequestError, Elicitation, UrlElicitation};
use crate::protocol::method::ClientMethod;
use crate::protocol::{Root, SamplingRequest, SamplingResult};

/// A context whose next client request carries a chosen key in a 2026-07-28
/// `input_required` round (`inputRequests.<key>`); from [`Context::input`].
#[derive(Debug, Clone, Copy)]
pub struct KeyedInput<'a> {
    ctx: &'a Context,
    key: &'a str,
}

impl KeyedInput<'_> {
    /// [`Context::elicit`] under this key.
    pub async fn elicit<T: JsonSchema + DeserializeOwned>(
        self,
        message: &str,
    ) -> Result<Elicitation<T>, ClientRequestError> {
        self.ctx.elicit_keyed(Some(self.key), message).await
    }

    /// [`Context::elicit_with_schema`] under this key.
    pub async fn elicit_with_schema(self, message: &str, schema: Value) -> Result<Value, ClientRequestError> {
        self.ctx.elicit_schema_keyed(Some(self.key), message, schema).await
    }

    /// [`Context::sample`] under this key.
    pub async fn sample(self, request: SamplingRequest) -> Result<SamplingResult, ClientRequestError> {
        self.ctx.sample_keyed(Some(self.key), request).await
    }

    /// [`Context::roots`] under this key.
    pub async fn roots(self) -> Result<Vec<Root>, ClientRequestError> {
        self.ctx.roots_keyed(Some(self.key)).await
    }
}

impl Context {
    /// Makes this call a task now (the Tasks extension), when it is to
    /// become one: a `#[tool(task = "..")]` call from a client that can
    /// follow tasks. The client gets its `CreateTaskResult`, and the tool
    /// goes on in the background; what it asks the client from then on
    /// becomes the task's `inputRequests`.
    ///
    /// Without it, such a call becomes a task once it has run for a moment
    /// (20 ms), and what it asks before then is asked synchronously, as in
    /// a direct call (an `input_required` round). In any other call this
    /// does nothing.
    ///
    /// ```
    /// # use mcp_runtime::prelude::*;
    /// /// Deletes a file, once the user confirms.
    /// #[tool(task = "required")]
    /// async fn delete(ctx: Context, file: String) -> Result<String, ToolError> {
    ///     ctx.become_task().await;
    ///     let schema = serde_json::json!({"type": "object", "properties": {"confirm": {"type": "boolean"}}});
    ///     let answer = ctx.input("confirm").elicit_with_schema(&format!("Delete {file}?"), schema).await?;
    ///     Ok(format!("confirmed: {}", answer["content"]["confirm"]))
    /// }
    /// ```
    pub async fn become_task(&self) {
        if let Some(input) = self.input_round() {
            input.become_task().await;
        }
    }

    /// Names the key of the next client request in a 2026-07-28
    /// `input_required` round (by default keys are `elicit_0`, `sample_1`,
    /// ...). In the session era the key is not used.
    pub fn input<'a>(&'a self, key: &'a str) -> KeyedInput<'a> {
        KeyedInput { ctx: self, key }
    }

    /// Asks the user to fill in a form shaped like `T` (a flat struct of
    /// strings, numbers, booleans and enums; doc comments become
    /// descriptions, enum variant docs become titles).
    pub async fn elicit<T: JsonSchema + DeserializeOwned>(
        &self,
        message: &str,
    ) -> Result<Elicitation<T>, ClientRequestError> {
        self.elicit_keyed(None, message).await
    }

    async fn elicit_keyed<T: JsonSchema + DeserializeOwned>(
        &self,
        key: Option<&str>,
        message: &str,
    ) -> Result<Elicitation<T>, ClientRequestError> {
        self.require("elicitation", supports_form_elicitation)?;
        let schema = form_schema::<T>().map_err(|e| ClientRequestError::UnsupportedSchema(e.to_string()))?;
        let params = json!({ "message": message, "requestedSchema": schema });
        let answer = self.ask_client(key, "elicit", ClientMethod::Elicit, params).await?;
        match action(&answer)? {
            "accept" => {
                let content = answer.get("content").cloned().unwrap_or_else(|| json!({}));
                serde_json::from_value(content)
                    .map(Elicitation::Accept)
                    .map_err(|e| invalid(format!("form content: {e}")))
            }
            "decline" => Ok(Elicitation::Decline),
            _ => Ok(Elicitation::Cancel),
        }
    }

    /// Asks the user to fill in a form with a schema you write yourself
    /// (multi-select arrays, `enumNames`, and the like). Returns the
    /// client's whole `ElicitResult` (`action`, and `content` on accept).
    pub async fn elicit_with_schema(
        &self,
        message: &str,
        requested_schema: Value,
    ) -> Result<Value, ClientRequestError> {
        self.elicit_schema_keyed(None, message, requested_schema).await
    }

    async fn elicit_schema_keyed(
        &self,
        key: Option<&str>,
        message: &str,
        schema: Value,
    ) -> Result<Value, ClientRequestError> {
        self.require("elicitation", supports_form_elicitation)?;
        let params = json!({ "message": message, "requestedSchema": schema });
        let answer = self.ask_client(key, "elicit", ClientMethod::Elicit, params).await?;
        action(&answer)?;
        Ok(answer)
    }

    /// Asks the user to open a URL (URL-mode elicitation, 2025-11-25).
    pub async fn elicit_url(
        &self,
        message: &str,
        url: &str,
        elicitation_id: &str,
    ) -> Result<UrlElicitation, ClientRequestError> {
        self.require("URL elicitation", |caps| caps.get("elicitation").and_then(|e| e.get("url")).is_some())?;
        let params = json!({ "mode": "url", "message": message, "url": url, "elicitationId": elicitation_id });
        let answer = self.ask_client(None, "elicit", ClientMethod::Elicit, params).await?;
        Ok(match action(&answer)? {
            "accept" => UrlElicitation::Accept,
            "decline" => UrlElicitation::Decline,
            _ => UrlElicitation::Cancel,
        })
    }

    /// Asks the client's model for a message (`sampling/createMessage`).
    pub async fn sample(&self, request: SamplingRequest) -> Result<SamplingResult, ClientRequestError> {
        self.sample_keyed(None, request).await
    }

    async fn sample_keyed(
        &self,
        key: Option<&str>,
        request: SamplingRequest,
    ) -> Result<SamplingResult, ClientRequestError> {
        self.require("sampling", |caps| caps.get("sampling").is_some())?;
        let params = serde_json::to_value(&request).map_err(|e| invalid(e.to_string()))?;
        let answer = self.ask_client(key, "sample", ClientMethod::CreateMessage, params).await?;
        serde_json::from_value(answer).map_err(|e| invalid(format!("sampling result: {e}")))
    }

    /// The client's roots (`roots/list`).
    pub async fn roots(&self) -> Result<Vec<Root>, ClientRequestError> {
        self.roots_keyed(None).await
    }

    async fn roots_keyed(&self, key: Option<&str>) -> Result<Vec<Root>, ClientRequestError> {
        self.require("roots", |caps| caps.get("roots").is_some())?;
        let answer = self.ask_client(key, "roots", ClientMethod::ListRoots, json!({})).await?;
        let roots = answer.get("roots").cloned().unwrap_or_else(|| json!([]));
        serde_json::from_value(roots).map_err(|e| invalid(format!("roots: {e}")))
    }

    /// Fails unless the client declared the capability `name` (a top-level
    /// key of its capabilities, such as `"sampling"`). Under 2026-07-28 a tool
    /// that then fails answers `-32021` with `requiredCapabilities`.
    pub fn require_capability(&self, name: &'static str) -> Result<(), ClientRequestError> {
        self.require(name, |caps| caps.get(name).is_some())
    }

    /// Checks a declared client capability; records a miss for `-32021`.
    fn require(&self, name: &'static str, declared: impl Fn(&Value) -> bool) -> Result<(), ClientRequestError> {
        if declared(self.client_capabilities()) {
            return Ok(());
        }
        self.record_missing_capability(name);
        Err(ClientRequestError::MissingCapability(name))
    }

    async fn ask_client(
        &self,
        key: Option<&str>,
        kind: &str,
        method: ClientMethod,
        params: Value,
    ) -> Result<Value, ClientRequestError> {
        let method = method.as_str();
        if let Some(round) = self.input_round() {
            return Ok(round.ask(key, kind, method, params).await);
        }
        if self.is_stateless() {
            return Err(ClientRequestError::NoClient);
        }
        let peer = self.peer().ok_or(ClientRequestError::NoClient)?;
        let raw = peer.request_client(method, &params, self.out()).await.map_err(ClientRequestError::Rejected)?;
        serde_json::from_str(raw.get()).map_err(|e| invalid(e.to_string()))
    }
}

/// Form elicitation: declared as `elicitation.form`, or as a bare
/// `elicitation` object (revisions before URL mode).
fn supports_form_elicitation(caps: &Value) -> bool {
    caps.get("elicitation").is_some_and(|e| e.get("form").is_some() || e.get("url").is_none())
}

fn action(answer: &Value) -> Result<&str, ClientRequestError> {
    answer.get("action").and_then(Value::as_str).ok_or_else(|| invalid("no `action`".into()))
}

fn invalid(why: String) -> ClientRequestError {
    ClientRequestError::InvalidResponse(why)
}
