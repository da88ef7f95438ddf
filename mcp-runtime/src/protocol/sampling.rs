//! What a server asks of its client's model and file system, typed for
//! both sides: a tool sends a [`SamplingRequest`] through its `Context` and
//! reads a [`SamplingResult`]; a client's sampling handler receives the
//! request and answers the result. [`Root`] is what `roots/list` answers.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{Content, Role};

/// A `sampling/createMessage` request: ask the client's model for a message.
/// A tool builds one with [`SamplingRequest::new`]; a client's sampling
/// handler receives one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SamplingRequest {
    /// The conversation so far.
    pub messages: Vec<SamplingMessage>,
    /// The most tokens to generate.
    pub max_tokens: u32,
    /// A system prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_prompt: Option<String>,
    /// Sampling temperature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    /// The request's other members (`modelPreferences`, `stopSequences`,
    /// `includeContext`, `metadata`, ...), as JSON.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// One message of a sampling conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SamplingMessage {
    /// Who speaks.
    pub role: Role,
    /// What is said.
    pub content: Content,
}

impl SamplingRequest {
    /// A request generating at most `max_tokens`.
    pub fn new(max_tokens: u32) -> Self {
        SamplingRequest { messages: Vec::new(), max_tokens, system_prompt: None, temperature: None, other: Map::new() }
    }

    /// Adds a user message.
    pub fn user(mut self, text: impl Into<String>) -> Self {
        self.messages.push(SamplingMessage { role: Role::User, content: Content::text(text) });
        self
    }

    /// Adds an assistant message.
    pub fn assistant(mut self, text: impl Into<String>) -> Self {
        self.messages.push(SamplingMessage { role: Role::Assistant, content: Content::text(text) });
        self
    }

    /// Sets the system prompt.
    pub fn system(mut self, prompt: impl Into<String>) -> Self {
        self.system_prompt = Some(prompt.into());
        self
    }
}

/// The message the client's model produced: what a tool's sampling
/// request returns, and what a client's sampling handler answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SamplingResult {
    /// Who speaks (normally `assistant`).
    pub role: String,
    /// The content block, as JSON.
    pub content: Value,
    /// The model that produced it.
    #[serde(default)]
    pub model: String,
    /// Why generation stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_reason: Option<String>,
}

impl SamplingResult {
    /// An assistant's text reply from `model`, ended normally.
    pub fn from_text(text: impl Into<String>, model: impl Into<String>) -> Self {
        SamplingResult {
            role: "assistant".to_owned(),
            content: json!({ "type": "text", "text": text.into() }),
            model: model.into(),
            stop_reason: Some("endTurn".to_owned()),
        }
    }

    /// The text, when the content is a text block.
    pub fn text(&self) -> Option<&str> {
        self.content.get("text").and_then(Value::as_str)
    }
}

/// A root the client exposes (`roots/list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Root {
    /// A `file://` URI.
    pub uri: String,
    /// A human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Root {
    /// The root at `uri`, named `name`.
    pub fn new(uri: impl Into<String>, name: impl Into<String>) -> Self {
        Root { uri: uri.into(), name: Some(name.into()) }
    }
}
