//! What a `subscriptions/listen` stream is opened with, [`ListenFilter`],
//! and the open stream, [`Listening`].

use serde::Serialize;
use serde_json::Value;
use tokio::task::JoinHandle;

/// What a `subscriptions/listen` stream should carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenFilter {
    /// `notifications/tools/list_changed`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tools_list_changed: bool,
    /// `notifications/prompts/list_changed`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub prompts_list_changed: bool,
    /// `notifications/resources/list_changed`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resources_list_changed: bool,
    /// `notifications/resources/updated` for these URIs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_subscriptions: Vec<String>,
}

/// An open `subscriptions/listen` stream; dropping it cancels the stream.
#[derive(Debug)]
pub struct Listening {
    pub(super) task: JoinHandle<()>,
    pub(super) honoured: Value,
}

impl Listening {
    /// The part of the filter the server said it honours.
    pub fn honoured(&self) -> &Value {
        &self.honoured
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        // Dropping the request's future sends `notifications/cancelled`.
        self.task.abort();
    }
}
