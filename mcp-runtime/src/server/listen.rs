//! `subscriptions/listen` (2026-07-28): a long-lived request whose stream
//! carries the notifications the client opted in to, each tagged with the
//! subscription's id. It ends when the client cancels it, or when the
//! connection closes.

use std::sync::{Arc, PoisonError, Weak};

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::dispatch::{params, Call, MethodResult, Reply};
use super::registry::Registry;
use super::session::Session;
use crate::protocol::jsonrpc::{encode_notification, Request};
use crate::protocol::RequestId;
use crate::protocol::Sink;

/// The notification kinds a listener asked for (and the server honours).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filter {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    tools_list_changed: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    prompts_list_changed: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    resources_list_changed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    resource_subscriptions: Option<Vec<String>>,
}

impl Filter {
    /// Whether this listener wants a notification.
    fn wants(&self, method: &str, uri: Option<&str>) -> bool {
        match method {
            "notifications/tools/list_changed" => self.tools_list_changed,
            "notifications/prompts/list_changed" => self.prompts_list_changed,
            "notifications/resources/list_changed" => self.resources_list_changed,
            "notifications/resources/updated" => {
                self.resource_subscriptions.as_ref().is_some_and(|uris| uris.iter().any(|u| Some(u.as_str()) == uri))
            }
            _ => false,
        }
    }

    /// The part of the request this server can honour.
    fn honoured_by(self, registry: &Registry) -> Self {
        let has_resources = !registry.resources.load().is_empty() || !registry.templates.load().is_empty();
        Filter {
            tools_list_changed: self.tools_list_changed && !registry.tools.load().is_empty(),
            prompts_list_changed: self.prompts_list_changed && !registry.prompts.load().is_empty(),
            resources_list_changed: self.resources_list_changed && has_resources,
            resource_subscriptions: self.resource_subscriptions.filter(|_| has_resources),
        }
    }
}

/// One open `subscriptions/listen` stream.
pub(crate) struct Listener {
    session: Weak<Session>,
    sink: Sink,
    id: RequestId,
    filter: Filter,
}

#[derive(Deserialize)]
struct ListenParams {
    notifications: Filter,
}

impl Registry {
    /// Sends `method` to every listener that asked for it.
    pub(crate) fn notify_listeners(&self, method: &str, uri: Option<&str>) {
        let listeners = self.listeners.lock().unwrap_or_else(PoisonError::into_inner);
        for listener in listeners.iter().filter(|l| l.filter.wants(method, uri)) {
            if listener.session.strong_count() == 0 {
                continue;
            }
            let mut params = json!({ "_meta": { "io.modelcontextprotocol/subscriptionId": listener.id } });
            if let Some(uri) = uri {
                params["uri"] = json!(uri);
            }
            listener.sink.send(encode_notification(method, &params));
        }
    }

    fn remove_listener(&self, session: &Arc<Session>, id: &RequestId) {
        let mut listeners = self.listeners.lock().unwrap_or_else(PoisonError::into_inner);
        listeners.retain(|l| !(l.id == *id && l.session.upgrade().is_some_and(|s| Arc::ptr_eq(&s, session))));
    }
}

/// Unregisters a listener when its request ends, however it ends.
struct Registration<'a> {
    session: &'a Arc<Session>,
    id: RequestId,
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        self.session.core.registry.remove_listener(self.session, &self.id);
        self.session.forget_listen(&self.id);
    }
}

impl Session {
    pub(super) async fn listen(self: &Arc<Self>, req: &Request, call: Call) -> MethodResult {
        let Call { cancel, sink, .. } = call;
        let ListenParams { notifications } = params(req)?;
        let registry = &self.core.registry;
        let filter = notifications.honoured_by(registry);
        let subscription = json!({ "io.modelcontextprotocol/subscriptionId": req.id });
        // The acknowledgement is the first message tagged with this id.
        let ack = json!({ "notifications": filter, "_meta": subscription });
        sink.send(encode_notification("notifications/subscriptions/acknowledged", &ack));
        self.remember_listen(&req.id);
        let listener = Listener { session: Arc::downgrade(self), sink, id: req.id.clone(), filter };
        registry.listeners.lock().unwrap_or_else(PoisonError::into_inner).push(listener);
        let _registration = Registration { session: self, id: req.id.clone() };
        cancel.cancelled().await;
        Ok(Reply::Json(json!({ "_meta": subscription })))
    }
}
