//! Typed pieces of the protocol that both sides use: the server's
//! capabilities (what `initialize` and `server/discover` declare, and what
//! the client reads) and the reference of a `completion/complete` request.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What a server offers: the `capabilities` of its `initialize` and
/// `server/discover` results.
///
/// ```
/// use mcp_runtime::protocol::ServerCapabilities;
///
/// let declared: ServerCapabilities =
///     serde_json::from_value(serde_json::json!({"tools": {"listChanged": true}, "logging": {}})).unwrap();
/// assert!(declared.tools.is_some_and(|t| t.list_changed));
/// assert!(declared.resources.is_none() && declared.logging.is_some());
/// let lax: ServerCapabilities =
///     serde_json::from_value(serde_json::json!({"resources": {"subscribe": null}})).unwrap();
/// assert!(lax.resources.is_some_and(|r| !r.subscribe));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServerCapabilities {
    /// The server has tools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<ListChanged>,
    /// The server has resources or templates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourcesCapability>,
    /// The server has prompts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompts: Option<ListChanged>,
    /// The server sends log messages (`logging/setLevel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging: Option<Empty>,
    /// The server completes prompt arguments and template variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completions: Option<Empty>,
    /// Anything else it declares (`experimental`, `extensions`, and members
    /// of later revisions), as JSON.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A capability that may announce changes to its list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListChanged {
    /// The server sends `notifications/.../list_changed`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub list_changed: bool,
}

impl ListChanged {
    /// A list whose changes are announced.
    pub fn announced() -> Self {
        ListChanged { list_changed: true }
    }
}

/// The resources capability.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResourcesCapability {
    /// Clients may subscribe to a resource's updates.
    #[serde(default, deserialize_with = "null_as_default")]
    pub subscribe: bool,
    /// The server announces changes to the list.
    #[serde(default, deserialize_with = "null_as_default")]
    pub list_changed: bool,
}

/// A member some servers send as `null`: its default (`false` for a flag).
pub(super) fn null_as_default<'de, D: serde::Deserializer<'de>, T: Default + Deserialize<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// An empty capability object (`{}`): present or not is all it says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empty {}

/// What a `completion/complete` request completes an argument of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum CompletionRef {
    /// A prompt's argument (`ref/prompt`).
    #[serde(rename = "ref/prompt")]
    Prompt {
        /// The prompt's name.
        name: String,
    },
    /// A resource template's variable (`ref/resource`).
    #[serde(rename = "ref/resource")]
    Resource {
        /// The template, as listed.
        uri: String,
    },
}

impl CompletionRef {
    /// An argument of prompt `name`.
    pub fn prompt(name: impl Into<String>) -> Self {
        CompletionRef::Prompt { name: name.into() }
    }

    /// A variable of the resource template `uri_template`.
    pub fn resource(uri_template: impl Into<String>) -> Self {
        CompletionRef::Resource { uri: uri_template.into() }
    }
}
