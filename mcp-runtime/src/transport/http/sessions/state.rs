//! What the HTTP transports keep between requests: the session-era
//! sessions, each a [`Connection`] with the streams its messages go to, and
//! the legacy SSE connections, each kind in a capped [`Table`].

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::handler::Identity;
use crate::protocol::Sink;
use crate::server::core::ServerCore;
use crate::transport::http::checks::bearer::Gate;
use crate::transport::http::options::HttpOptions;
use crate::transport::http::sessions::resumption::{StreamLog, Streams};
use crate::transport::http::sessions::table::{Held, Table};
use crate::transport::Connection;
use crate::util::MutexExt;

/// One session-era HTTP session.
pub(in crate::transport::http) struct HttpSession {
    pub(in crate::transport::http) connection: Connection,
    /// The resumable SSE streams of this session.
    pub(in crate::transport::http) streams: Streams,
    /// The stream of session-wide messages (what GET reads).
    pub(in crate::transport::http) session_stream: Arc<StreamLog>,
    /// Who opened it: only they may use it (authorized servers).
    owner: Option<String>,
    /// A digest of the record last written to or read from the store, so
    /// that a request that changes nothing writes nothing.
    shared: std::sync::Mutex<Option<u64>>,
}

impl HttpSession {
    fn new(connection: Connection, streams: Streams, session_stream: Arc<StreamLog>, owner: Option<String>) -> Self {
        HttpSession { connection, streams, session_stream, owner, shared: std::sync::Mutex::new(None) }
    }

    /// What other instances need to serve this session, unless the store
    /// already holds just that.
    pub(in crate::transport::http) fn changed_record(&self) -> Option<(crate::store::SessionRecord, u64)> {
        let record = self.connection.session().record(self.owner.clone())?;
        let digest = record_digest(&record);
        (*self.shared.locked() != Some(digest)).then_some((record, digest))
    }

    /// The store now holds the record with this digest.
    pub(in crate::transport::http) fn mark_shared(&self, digest: u64) {
        *self.shared.locked() = Some(digest);
    }

    /// Takes up what the store says of this session.
    pub(in crate::transport::http) fn restore(&self, record: &crate::store::SessionRecord) -> bool {
        let restored = self.connection.session().restore(record);
        if restored {
            self.mark_shared(record_digest(record));
        }
        restored
    }
}

/// A digest of a record as JSON.
fn record_digest(record: &crate::store::SessionRecord) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_vec(record).unwrap_or_default().hash(&mut hasher);
    hasher.finish()
}

impl Held for HttpSession {
    fn close(&self) {
        self.connection.session().close();
        self.session_stream.mark_finished();
    }

    fn owner(&self) -> Option<&str> {
        self.owner.as_deref()
    }
}

/// One legacy HTTP+SSE connection: the stream is its sink.
pub(in crate::transport::http) struct LegacySession {
    pub(in crate::transport::http) connection: Connection,
    stream: Sink,
    owner: Option<String>,
}

impl LegacySession {
    /// Whether its event stream ended: nothing sent now would be read.
    pub(in crate::transport::http) fn stream_closed(&self) -> bool {
        self.stream.is_closed()
    }
}

impl Held for LegacySession {
    fn close(&self) {
        self.connection.session().close();
        self.stream.finish();
    }

    fn owner(&self) -> Option<&str> {
        self.owner.as_deref()
    }
}

/// One open WebSocket, as its table holds it.
#[cfg(feature = "server-websocket")]
pub(in crate::transport::http) struct Socket {
    pub(in crate::transport::http) stop: CancellationToken,
    /// Who opened it, when the server authorizes requests.
    pub(in crate::transport::http) owner: Option<String>,
}

#[cfg(feature = "server-websocket")]
impl Held for Socket {
    fn close(&self) {
        self.stop.cancel();
    }

    fn owner(&self) -> Option<&str> {
        self.owner.as_deref()
    }
}

/// The key a session is bound to: the token's issuer, subject and client.
/// Whether `caller` may use a session owned by `owner`.
fn owned_by(owner: Option<&str>, caller: Option<&Identity>, id: &str) -> bool {
    let same = owner == caller.map(Identity::owner).as_deref();
    if !same {
        tracing::warn!(session = crate::util::shown_id(id), "a session was used with another subject's token; refused");
    }
    same
}

/// The transports' shared state.
///
/// The local session table is handled here; sharing sessions through a
/// store is in `scale_out/shared_sessions.rs`, and copying answer events
/// for other instances in `scale_out/event_copy.rs`.
pub(crate) struct HttpState {
    pub(in crate::transport::http) core: Arc<ServerCore>,
    pub(in crate::transport::http) options: HttpOptions,
    sessions: Table<HttpSession>,
    legacy: Table<LegacySession>,
    /// The open WebSockets.
    #[cfg(feature = "server-websocket")]
    pub(in crate::transport::http) sockets: Table<Socket>,
    /// Cancelled when the server shuts down: standing streams end.
    pub(in crate::transport::http) closing: CancellationToken,
    /// The standing streams open, bounded in all and per peer.
    pub(in crate::transport::http) standing: Arc<crate::transport::http::front_door::standing::Standing>,
    /// Authorization, when the server requires tokens.
    pub(in crate::transport::http) gate: Option<Gate>,
    /// This instance's name on the notification bus, once it listens.
    pub(in crate::transport::http) bus_origin: std::sync::OnceLock<String>,
    /// The writer of the shared event log, once started.
    pub(in crate::transport::http) event_writer:
        std::sync::OnceLock<crate::transport::http::sessions::resumption::EventWriter>,
}

impl HttpState {
    pub(in crate::transport::http) fn new(
        core: Arc<ServerCore>,
        options: HttpOptions,
        gate: Option<Gate>,
    ) -> Arc<Self> {
        let (max, idle) = (options.max_sessions, options.session_idle_timeout);
        let standing = crate::transport::http::front_door::standing::Standing::new(
            options.max_connections,
            options.max_streams_per_peer,
        );
        Arc::new(HttpState {
            core,
            options,
            sessions: Table::new("streamable_http", max, idle),
            legacy: Table::new("sse", max, idle),
            #[cfg(feature = "server-websocket")]
            sockets: Table::new("websocket", max, idle),
            closing: CancellationToken::new(),
            standing,
            gate,
            bus_origin: std::sync::OnceLock::new(),
            event_writer: std::sync::OnceLock::new(),
        })
    }

    /// Creates a session owned by `caller`; at the cap, the longest idle
    /// one is evicted.
    pub(in crate::transport::http) fn create_session(&self, caller: Option<&Identity>) -> (String, Arc<HttpSession>) {
        self.sessions.insert(|id| {
            let streams = Streams::default();
            let session_stream = streams.open();
            let connection = Connection::with_core(Arc::clone(&self.core), session_stream.clone(), Some(id.to_owned()));
            HttpSession::new(connection, streams, session_stream, caller.map(Identity::owner))
        })
    }

    /// The session with this id, if `caller` owns it. A session used with
    /// another subject's token is, to that subject, a session that does
    /// not exist.
    pub(in crate::transport::http) fn session(&self, id: &str, caller: Option<&Identity>) -> Option<Arc<HttpSession>> {
        self.sessions.get(id).filter(|s| owned_by(s.owner.as_deref(), caller, id))
    }

    /// Takes up session `id`, which another instance opened, from its
    /// record; `None` when the record names a revision this server does
    /// not speak.
    pub(in crate::transport::http) fn take_up_session(
        &self,
        id: &str,
        record: &crate::store::SessionRecord,
    ) -> Option<Arc<HttpSession>> {
        let (_, http) = self.sessions.insert_as(id.to_owned(), |id| {
            let streams = Streams::default();
            let session_stream = streams.open();
            let connection = Connection::with_core(Arc::clone(&self.core), session_stream.clone(), Some(id.to_owned()));
            HttpSession::new(connection, streams, session_stream, record.owner.clone())
        });
        if http.restore(record) {
            Some(http)
        } else {
            self.forget_session(id);
            None
        }
    }

    /// Session `id` as held here, whoever owns it (for events about it).
    pub(in crate::transport::http) fn held_session(&self, id: &str) -> Option<Arc<HttpSession>> {
        self.sessions.get(id)
    }

    /// Drops session `id` from this instance (it ended elsewhere).
    pub(in crate::transport::http) fn forget_session(&self, id: &str) {
        self.sessions.remove(id);
    }

    /// Ends a session `caller` owns; whether it existed.
    pub(in crate::transport::http) fn end_session(&self, id: &str, caller: Option<&Identity>) -> bool {
        self.session(id, caller).is_some() && self.sessions.remove(id)
    }

    /// Drops sessions idle for longer than the configured limit.
    pub(in crate::transport::http) fn expire_idle(&self) {
        self.sessions.expire_idle();
        self.legacy.expire_idle();
        #[cfg(feature = "server-websocket")]
        self.sockets.expire_idle();
    }

    /// Opens a legacy SSE connection owned by `caller`, whose stream is
    /// `stream`; returns its id.
    pub(in crate::transport::http) fn open_legacy(&self, stream: Sink, caller: Option<&Identity>) -> String {
        let (id, _) = self.legacy.insert(|id| {
            let connection = Connection::with_core(Arc::clone(&self.core), Arc::clone(&stream), Some(id.to_owned()));
            LegacySession { connection, stream, owner: caller.map(Identity::owner) }
        });
        id
    }

    /// The legacy connection with this id, if `caller` owns it.
    pub(in crate::transport::http) fn legacy(&self, id: &str, caller: Option<&Identity>) -> Option<Arc<LegacySession>> {
        self.legacy.get(id).filter(|s| owned_by(s.owner.as_deref(), caller, id))
    }

    /// Forgets a legacy connection whose stream closed.
    pub(in crate::transport::http) fn close_legacy(&self, id: &str) {
        self.legacy.remove(id);
    }

    /// The server is shutting down: standing streams end now (GET streams,
    /// `subscriptions/listen`, legacy SSE once its calls are answered), so
    /// that only calls in flight hold the shutdown up.
    pub(crate) fn shut_down(&self) {
        self.closing.cancel();
        self.core.closing.cancel();
        for session in self.sessions.drain() {
            session.close();
        }
        for legacy in self.legacy.drain() {
            tokio::spawn(async move {
                legacy.connection.close().await;
                legacy.stream.finish();
            });
        }
    }
}
