//! [`NotificationBus`]: what one instance tells the others, so that a
//! notification raised anywhere reaches the streams open anywhere.

use std::pin::Pin;

use futures_core::Stream;
use serde::{Deserialize, Serialize};

use super::session::StoreFuture;

/// An event one instance tells the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum BusEvent {
    /// A `notifications/*/list_changed`, by its method.
    ListChanged {
        /// Such as `notifications/tools/list_changed`.
        method: String,
    },
    /// `notifications/resources/updated` for this URI.
    ResourceUpdated {
        /// The resource that changed.
        uri: String,
    },
    /// A session's record changed (a subscription, the log level):
    /// instances that hold a copy of it read it again.
    SessionChanged {
        /// The session's id.
        id: String,
    },
    /// A client answered a request the server sent it (elicitation,
    /// sampling, roots), on an instance other than the one waiting.
    ClientAnswer {
        /// The session's id.
        session: String,
        /// The JSON-RPC response, as the client sent it.
        frame: String,
    },
}

/// The events other instances publish.
pub type BusStream = Pin<Box<dyn Stream<Item = BusEvent> + Send>>;

/// Carries [`BusEvent`]s between instances (Redis pub/sub, say). Delivery
/// is at most once: an instance that is disconnected misses what was
/// published meanwhile.
pub trait NotificationBus: Send + Sync + 'static {
    /// Tells every other instance; `origin` names this one.
    fn publish<'a>(&'a self, origin: &'a str, event: &'a BusEvent) -> StoreFuture<'a, ()>;
    /// What other instances (any origin but `origin`) publish from now on,
    /// until the connection drops; then subscribe again.
    fn subscribe<'a>(&'a self, origin: &'a str) -> StoreFuture<'a, BusStream>;
}

impl std::fmt::Debug for dyn NotificationBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a notification bus")
    }
}

impl<T: NotificationBus> NotificationBus for std::sync::Arc<T> {
    fn publish<'a>(&'a self, origin: &'a str, event: &'a BusEvent) -> StoreFuture<'a, ()> {
        (**self).publish(origin, event)
    }
    fn subscribe<'a>(&'a self, origin: &'a str) -> StoreFuture<'a, BusStream> {
        (**self).subscribe(origin)
    }
}
