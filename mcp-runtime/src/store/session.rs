//! [`SessionStore`] and what it keeps.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::protocol::{Implementation, LogLevel};

/// What a store operation returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Why a store could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreError {
    /// The store is unreachable, or too slow: the request gets 503.
    Unavailable(String),
    /// The store holds something this version cannot read.
    Corrupt(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable(why) => write!(f, "the session store is unavailable: {why}"),
            StoreError::Corrupt(why) => write!(f, "the session store holds an unreadable record: {why}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// A session-era session as any instance can take it up: what `initialize`
/// negotiated, the log level, the subscriptions, and who owns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The negotiated revision, such as `"2025-11-25"`.
    pub version: String,
    /// The client's `clientInfo`.
    #[serde(default)]
    pub client_info: Option<Implementation>,
    /// The client's capabilities.
    #[serde(default)]
    pub client_capabilities: Value,
    /// The `logging/setLevel` level.
    pub log_level: LogLevel,
    /// The URIs subscribed to.
    #[serde(default)]
    pub subscriptions: Vec<String>,
    /// The issuer and subject that opened it, when the server authorizes
    /// requests.
    #[serde(default)]
    pub owner: Option<String>,
}

/// Where session-era sessions live between requests, keyed by their
/// `Mcp-Session-Id`. Records expire when idle for `ttl`.
///
/// An ordinary call costs one round trip ([`SessionStore::touch`]) on the
/// instance that holds the session, and a [`SessionStore::load`] on one
/// that does not yet.
pub trait SessionStore: Send + Sync + 'static {
    /// The record of session `id`, if it exists.
    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<SessionRecord>>;
    /// Writes the record of session `id`, to expire after `ttl` idle.
    fn save<'a>(&'a self, id: &'a str, record: &'a SessionRecord, ttl: Duration) -> StoreFuture<'a, ()>;
    /// Keeps session `id` alive for another `ttl`; whether it still exists.
    fn touch<'a>(&'a self, id: &'a str, ttl: Duration) -> StoreFuture<'a, bool>;
    /// Ends session `id`.
    fn remove<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()>;
    /// Whether the store answers now (for readiness probes).
    fn ping(&self) -> StoreFuture<'_, ()>;
    /// What it is, for the start-up log.
    fn describe(&self) -> String;
}

impl fmt::Debug for dyn SessionStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl<T: SessionStore> SessionStore for std::sync::Arc<T> {
    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<SessionRecord>> {
        (**self).load(id)
    }
    fn save<'a>(&'a self, id: &'a str, record: &'a SessionRecord, ttl: Duration) -> StoreFuture<'a, ()> {
        (**self).save(id, record, ttl)
    }
    fn touch<'a>(&'a self, id: &'a str, ttl: Duration) -> StoreFuture<'a, bool> {
        (**self).touch(id, ttl)
    }
    fn remove<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()> {
        (**self).remove(id)
    }
    fn ping(&self) -> StoreFuture<'_, ()> {
        (**self).ping()
    }
    fn describe(&self) -> String {
        (**self).describe()
    }
}
