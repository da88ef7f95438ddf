//! [`EventLog`]: the events of session-era request streams, kept where
//! every instance reads them, so that a client whose stream broke resumes
//! it (`Last-Event-ID`) on whichever instance the balancer picks; and the
//! instances' heartbeats, so that a stream whose instance died ends with an
//! error rather than never.

use std::time::Duration;

use super::session::StoreFuture;

/// One event of a stream: its number (from 1), and its JSON-RPC frame.
pub type StoredEvent = (u64, Vec<u8>);

/// What [`EventLog::read`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventPage {
    /// The events after the one asked for, in order.
    pub events: Vec<StoredEvent>,
    /// The stream has ended: its request was answered.
    pub ended: bool,
    /// The log knows the stream (it was not unknown, or expired).
    pub found: bool,
}

impl EventPage {
    /// A page of `events`, of a stream that is known.
    pub fn new(events: Vec<StoredEvent>, ended: bool) -> Self {
        EventPage { events, ended, found: true }
    }

    /// A stream the log does not know.
    pub fn not_found() -> Self {
        EventPage::default()
    }
}

/// Where the events of request streams are kept, by a key unique in the
/// store, each stream for `ttl` after its last event and at most about
/// 1,024 events long.
pub trait EventLog: Send + Sync + 'static {
    /// Appends `events` to `stream`, after those already there, and ends it
    /// when `end`. The first append of a stream gives the `request` id it
    /// answers (as JSON).
    fn append<'a>(
        &'a self,
        stream: &'a str,
        request: Option<&'a str>,
        events: &'a [StoredEvent],
        end: bool,
        ttl: Duration,
    ) -> StoreFuture<'a, ()>;
    /// The events of `stream` numbered above `after`; when there are none
    /// yet (and the stream goes on), waits up to `wait` for some.
    fn read<'a>(&'a self, stream: &'a str, after: u64, wait: Duration) -> StoreFuture<'a, EventPage>;
    /// The id (as JSON) of the request `stream` answers.
    fn request_of<'a>(&'a self, stream: &'a str) -> StoreFuture<'a, Option<String>>;
    /// Records that `instance` is alive, for `ttl`.
    fn beat<'a>(&'a self, instance: &'a str, ttl: Duration) -> StoreFuture<'a, ()>;
    /// Whether `instance` beat within its last `ttl`.
    fn alive<'a>(&'a self, instance: &'a str) -> StoreFuture<'a, bool>;
}

impl std::fmt::Debug for dyn EventLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an event log")
    }
}

impl<T: EventLog> EventLog for std::sync::Arc<T> {
    fn append<'a>(
        &'a self,
        stream: &'a str,
        request: Option<&'a str>,
        events: &'a [StoredEvent],
        end: bool,
        ttl: Duration,
    ) -> StoreFuture<'a, ()> {
        (**self).append(stream, request, events, end, ttl)
    }
    fn read<'a>(&'a self, stream: &'a str, after: u64, wait: Duration) -> StoreFuture<'a, EventPage> {
        (**self).read(stream, after, wait)
    }
    fn request_of<'a>(&'a self, stream: &'a str) -> StoreFuture<'a, Option<String>> {
        (**self).request_of(stream)
    }
    fn beat<'a>(&'a self, instance: &'a str, ttl: Duration) -> StoreFuture<'a, ()> {
        (**self).beat(instance, ttl)
    }
    fn alive<'a>(&'a self, instance: &'a str) -> StoreFuture<'a, bool> {
        (**self).alive(instance)
    }
}
