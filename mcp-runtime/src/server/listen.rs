//! The open `subscriptions/listen` streams (2026-07-28) and what each asked
//! for. The method itself is in `methods/listen.rs`.

use crate::util::MutexExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::protocol::jsonrpc::encode_notification;
use crate::protocol::method::Notice;
use crate::protocol::{RequestId, Sink};

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

/// Which kinds of items a server offers, to trim a filter to.
pub(crate) struct Offered {
    pub(crate) tools: bool,
    pub(crate) prompts: bool,
    pub(crate) resources: bool,
}

impl Filter {
    /// Whether this listener wants a notification.
    fn wants(&self, notice: Notice, uri: Option<&str>) -> bool {
        match notice {
            Notice::ToolsListChanged => self.tools_list_changed,
            Notice::PromptsListChanged => self.prompts_list_changed,
            Notice::ResourcesListChanged => self.resources_list_changed,
            Notice::ResourcesUpdated => {
                self.resource_subscriptions.as_ref().is_some_and(|uris| uris.iter().any(|u| Some(u.as_str()) == uri))
            }
            _ => false,
        }
    }

    /// The URIs whose updates the listener asked for.
    pub(crate) fn resource_uris(&self) -> &[String] {
        self.resource_subscriptions.as_deref().unwrap_or_default()
    }

    /// The part of the request a server offering `offered` can honour.
    pub(crate) fn honoured(self, offered: &Offered) -> Self {
        Filter {
            tools_list_changed: self.tools_list_changed && offered.tools,
            prompts_list_changed: self.prompts_list_changed && offered.prompts,
            resources_list_changed: self.resources_list_changed && offered.resources,
            resource_subscriptions: self.resource_subscriptions.filter(|_| offered.resources),
        }
    }
}

/// One open `subscriptions/listen` stream.
struct Listener {
    key: u64,
    sink: Sink,
    id: RequestId,
    filter: Filter,
}

/// Every open listen stream of a server.
#[derive(Default)]
pub(crate) struct Listeners {
    open: Mutex<Vec<Listener>>,
    next: AtomicU64,
}

impl Listeners {
    /// Adds a listener; the key removes it.
    pub(crate) fn add(&self, sink: Sink, id: RequestId, filter: Filter) -> u64 {
        let key = self.next.fetch_add(1, Ordering::Relaxed);
        self.open.locked().push(Listener { key, sink, id, filter });
        key
    }

    pub(crate) fn remove(&self, key: u64) {
        self.open.locked().retain(|l| l.key != key);
    }

    /// Sends `notice` to every listener that asked for it.
    pub(crate) fn notify(&self, notice: Notice, uri: Option<&str>) {
        let open = self.open.locked();
        for listener in open.iter().filter(|l| l.filter.wants(notice, uri)) {
            let mut params = json!({ "_meta": { "io.modelcontextprotocol/subscriptionId": listener.id } });
            if let Some(uri) = uri {
                params["uri"] = json!(uri);
            }
            listener.sink.send(encode_notification(notice.as_str(), &params));
        }
    }
}
