//! What a server may ask the client, typed: the params a handler set with
//! `ClientOptions::on_sampling`, `on_elicitation` or `on_roots` receives,
//! and what it answers. Sampling and roots share their types with the
//! server side ([`SamplingRequest`](crate::protocol::SamplingRequest),
//! [`SamplingResult`](crate::protocol::SamplingResult),
//! [`Root`](crate::protocol::Root)).

use std::future::Future;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::server_link::Handler;
use crate::protocol::ErrorObject;

/// An `elicitation/create` request: a form to fill (`requested_schema`), or
/// under 2025-11-25 and later a URL to open (`url`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ElicitationRequest {
    /// What to tell the user.
    pub message: String,
    /// `"form"` or `"url"`; absent means a form.
    #[serde(default)]
    pub mode: Option<String>,
    /// The form's JSON Schema: a flat object of primitive properties.
    #[serde(default)]
    pub requested_schema: Option<Value>,
    /// The URL to open, in URL mode.
    #[serde(default)]
    pub url: Option<String>,
    /// The id a URL elicitation's completion notification names.
    #[serde(default)]
    pub elicitation_id: Option<String>,
}

/// What the user did with an elicitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ElicitationAction {
    /// Submitted the form (or agreed to open the URL).
    Accept,
    /// Said no.
    Decline,
    /// Dismissed it.
    Cancel,
}

/// The answer to an [`ElicitationRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ElicitationResponse {
    /// What the user did.
    pub action: ElicitationAction,
    /// The form's values, when accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Map<String, Value>>,
}

impl ElicitationResponse {
    /// The user submitted `content` (fields it leaves out get the schema's
    /// defaults).
    pub fn accept(content: Map<String, Value>) -> Self {
        ElicitationResponse { action: ElicitationAction::Accept, content: Some(content) }
    }

    /// The user agreed to open a URL (URL mode).
    pub fn accept_url() -> Self {
        ElicitationResponse { action: ElicitationAction::Accept, content: None }
    }

    /// The user declined.
    pub fn decline() -> Self {
        ElicitationResponse { action: ElicitationAction::Decline, content: None }
    }

    /// The user dismissed the request.
    pub fn cancel() -> Self {
        ElicitationResponse { action: ElicitationAction::Cancel, content: None }
    }
}

/// The `roots/list` result.
#[derive(Serialize)]
pub(crate) struct RootList {
    pub(crate) roots: Vec<crate::protocol::Root>,
}

/// A typed handler as the connection runs it: params parsed into `P`
/// (`-32602` when they do not fit), the answer serialized from `R`.
pub(crate) fn typed<P, R, F, Fut>(handler: F) -> Handler
where
    P: DeserializeOwned + Send + 'static,
    R: Serialize + Send + 'static,
    F: Fn(P) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<R, ErrorObject>> + Send + 'static,
{
    let handler = Arc::new(handler);
    Arc::new(move |params: Value| {
        let handler = Arc::clone(&handler);
        Box::pin(async move {
            let params: P = serde_json::from_value(params)
                .map_err(|e| ErrorObject::invalid_params(format!("the request's params do not fit: {e}")))?;
            let answer = handler(params).await?;
            serde_json::to_value(answer).map_err(|e| ErrorObject::internal(format!("the answer cannot be sent: {e}")))
        })
    })
}
