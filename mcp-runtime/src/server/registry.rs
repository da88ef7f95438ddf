//! Everything a server lists, shared by the builder, the sessions and every
//! [`ServerHandle`](super::ServerHandle): one swappable catalog per kind,
//! and the sessions to tell when a list changes.

use crate::util::{MutexExt, RwLockExt};
use std::sync::{Arc, Mutex, OnceLock, RwLock, Weak};

use super::catalog::{Catalog, Listed};
use super::error::BuildError;
use super::listen::Listeners;
use super::requirements::{check_state, Needs};
use crate::handler::{Extensions, PromptDef, ResourceDef, StaticResourceDef, TemplateDef, ToolDef};
use crate::protocol::jsonrpc::encode_notification;
use crate::protocol::method::Notice;
use crate::store::BusEvent;

/// A connection the registry tells of changes (a session-era session).
pub(crate) trait Subscriber: Send + Sync {
    /// A `notifications/*/list_changed` frame.
    fn list_changed(&self, frame: &[u8]);

    /// A `notifications/resources/updated` frame for `uri`.
    fn resource_updated(&self, uri: &str, frame: &[u8]);
}

/// One kind of item, swapped whole on change.
pub(crate) struct Slot<T> {
    current: RwLock<Arc<Catalog<T>>>,
}

impl<T: Listed> Slot<T> {
    fn new(page_size: usize) -> Self {
        let empty = Catalog::new(Vec::new(), page_size).unwrap_or_else(|_| unreachable!("empty is unique"));
        Slot { current: RwLock::new(Arc::new(empty)) }
    }

    /// The current catalog.
    pub(crate) fn load(&self) -> Arc<Catalog<T>> {
        self.current.read_locked().clone()
    }

    /// Replaces the whole catalog with these items.
    pub(crate) fn install(&self, items: Vec<T>, page_size: usize) -> Result<(), BuildError> {
        let catalog = Catalog::new(items, page_size)?;
        *self.current.write_locked() = Arc::new(catalog);
        Ok(())
    }

    /// Adds or replaces one item.
    pub(crate) fn upsert(&self, item: T) {
        let mut guard = self.current.write_locked();
        *guard = Arc::new(guard.with(item));
    }

    /// Removes one item; whether it was there.
    pub(crate) fn remove(&self, key: &str) -> bool {
        let mut guard = self.current.write_locked();
        match guard.without(key) {
            Some(smaller) => {
                *guard = Arc::new(smaller);
                true
            }
            None => false,
        }
    }
}

/// The shared registry.
pub(crate) struct Registry {
    pub(crate) tools: Slot<ToolDef>,
    pub(crate) resources: Slot<StaticResourceDef>,
    pub(crate) templates: Slot<TemplateDef>,
    pub(crate) prompts: Slot<PromptDef>,
    pub(crate) listeners: Listeners,
    subscribers: Mutex<Vec<Weak<dyn Subscriber>>>,
    /// The built server's state: set once, when the server is built.
    state: OnceLock<Arc<Extensions>>,
    /// Where events go for other instances, when there are any.
    relay: OnceLock<tokio::sync::mpsc::Sender<BusEvent>>,
}

impl Registry {
    pub(crate) fn new(page_size: usize) -> Arc<Self> {
        Arc::new(Registry {
            tools: Slot::new(page_size),
            resources: Slot::new(page_size),
            templates: Slot::new(page_size),
            prompts: Slot::new(page_size),
            listeners: Listeners::default(),
            subscribers: Mutex::default(),
            state: OnceLock::new(),
            relay: OnceLock::new(),
        })
    }

    /// Marks the server built, with its state: later additions are checked
    /// against it at once.
    pub(crate) fn seal(&self, state: Arc<Extensions>) {
        let _ = self.state.set(state);
    }

    /// Whether the built server provides what `item` needs (always true
    /// before the server is built: the build checks everything then).
    pub(crate) fn check<T: Needs>(&self, item: &T) -> Result<(), BuildError> {
        match self.state.get() {
            Some(state) => check_state(std::iter::once(item), |id| state.contains_id(id)),
            None => Ok(()),
        }
    }

    /// Adds or replaces one static resource or template.
    pub(crate) fn upsert_resource(&self, item: ResourceDef) {
        match item {
            ResourceDef::Static(def) => self.resources.upsert(def),
            ResourceDef::Template(def) => self.templates.upsert(def),
        }
    }

    /// Whether any prompt or template offers completion.
    pub(crate) fn has_completions(&self) -> bool {
        self.prompts.load().items().iter().any(|p| !p.completer.is_empty())
            || self.templates.load().items().iter().any(|t| !t.completer.is_empty())
    }

    /// Remembers a connection, to notify it of changes.
    pub(crate) fn attach(&self, subscriber: Weak<dyn Subscriber>) {
        let mut subscribers = self.subscribers.locked();
        subscribers.retain(|s| s.strong_count() > 0);
        subscribers.push(subscriber);
    }

    /// The connections still alive.
    fn subscribers(&self) -> Vec<Arc<dyn Subscriber>> {
        let subscribers = self.subscribers.locked();
        subscribers.iter().filter_map(Weak::upgrade).collect()
    }

    /// Whether the server offers any resource or template.
    pub(crate) fn has_resources(&self) -> bool {
        !self.resources.load().is_empty() || !self.templates.load().is_empty()
    }

    /// Tells every connection and listener that a list changed.
    pub(crate) fn list_changed(&self, notice: Notice) {
        self.deliver_list_changed(notice);
        self.relay(BusEvent::ListChanged { method: notice.as_str().to_owned() });
    }

    /// Tells the connections subscribed to `uri`, and the listeners, that
    /// it changed; and the other instances, when there are any.
    pub(crate) fn resource_updated(&self, uri: &str) {
        self.deliver_resource_updated(uri);
        self.relay(BusEvent::ResourceUpdated { uri: uri.to_owned() });
    }

    /// Sends this process's events on to other instances through `relay`.
    #[cfg(feature = "server-http")]
    pub(crate) fn relay_to(&self, relay: tokio::sync::mpsc::Sender<BusEvent>) {
        let _ = self.relay.set(relay);
    }

    /// Tells the other instances, if any; an event that finds the relay
    /// full is dropped (delivery is at most once).
    pub(crate) fn relay(&self, event: BusEvent) {
        if let Some(relay) = self.relay.get() {
            if relay.try_send(event).is_err() {
                tracing::warn!("the notification bus is behind; an event for other instances was dropped");
            }
        }
    }

    /// An event another instance raised, for the connections here.
    #[cfg(feature = "server-http")]
    pub(crate) fn deliver(&self, event: &BusEvent) {
        match event {
            BusEvent::ListChanged { method } => match Notice::parse(method) {
                Some(notice) => self.deliver_list_changed(notice),
                None => tracing::debug!(method = %method, "ignoring an unknown event from another instance"),
            },
            BusEvent::ResourceUpdated { uri } => self.deliver_resource_updated(uri),
            _ => {}
        }
    }

    fn deliver_list_changed(&self, notice: Notice) {
        let frame = encode_notification(notice.as_str(), &serde_json::json!({}));
        for subscriber in self.subscribers() {
            subscriber.list_changed(&frame);
        }
        self.listeners.notify(notice, None);
    }

    fn deliver_resource_updated(&self, uri: &str) {
        let frame = encode_notification(Notice::ResourcesUpdated.as_str(), &serde_json::json!({ "uri": uri }));
        for subscriber in self.subscribers() {
            subscriber.resource_updated(uri, &frame);
        }
        self.listeners.notify(Notice::ResourcesUpdated, Some(uri));
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry").field("tools", &self.tools.load().items().len()).finish_non_exhaustive()
    }
}
