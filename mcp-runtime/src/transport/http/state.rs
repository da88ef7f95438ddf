//! What the HTTP transports keep between requests: the session-era
//! sessions, each a [`Connection`] with the streams its messages go to, and
//! the legacy SSE connections.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use super::options::HttpOptions;
use super::resume::{StreamLog, Streams};
use crate::server::core::ServerCore;
use crate::transport::Connection;

/// One session-era HTTP session.
pub(super) struct HttpSession {
    pub(super) connection: Connection,
    /// The resumable SSE streams of this session.
    pub(super) streams: Streams,
    /// The stream of session-wide messages (what GET reads).
    pub(super) session_stream: Arc<StreamLog>,
    last_seen: Mutex<Instant>,
}

impl HttpSession {
    pub(super) fn touch(&self) {
        *self.last_seen.lock().unwrap_or_else(PoisonError::into_inner) = Instant::now();
    }

    fn idle_for(&self) -> std::time::Duration {
        self.last_seen.lock().unwrap_or_else(PoisonError::into_inner).elapsed()
    }
}

/// The transports' shared state.
pub(crate) struct HttpState {
    pub(super) core: Arc<ServerCore>,
    pub(super) options: HttpOptions,
    sessions: Mutex<HashMap<String, Arc<HttpSession>>>,
    legacy: Mutex<HashMap<String, Arc<Connection>>>,
}

impl HttpState {
    pub(super) fn new(core: Arc<ServerCore>, options: HttpOptions) -> Arc<Self> {
        Arc::new(HttpState { core, options, sessions: Mutex::default(), legacy: Mutex::default() })
    }

    /// Creates a session; `None` when the cap is reached even after expiring idle ones.
    pub(super) fn create_session(&self) -> Option<(String, Arc<HttpSession>)> {
        self.expire_idle();
        let mut sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        if sessions.len() >= self.options.max_sessions {
            return None;
        }
        let streams = Streams::default();
        let session_stream = streams.open();
        let id = crate::util::random_hex::<16>();
        let connection = Connection::with_core(Arc::clone(&self.core), session_stream.clone(), Some(id.clone()));
        let http = Arc::new(HttpSession { connection, streams, session_stream, last_seen: Mutex::new(Instant::now()) });
        sessions.insert(id.clone(), Arc::clone(&http));
        Some((id, http))
    }

    pub(super) fn session(&self, id: &str) -> Option<Arc<HttpSession>> {
        let found = self.sessions.lock().unwrap_or_else(PoisonError::into_inner).get(id).cloned();
        found.inspect(|s| s.touch())
    }

    /// Ends a session; whether it existed.
    pub(super) fn end_session(&self, id: &str) -> bool {
        let removed = self.sessions.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
        removed.inspect(|s| s.connection.session().close()).is_some()
    }

    /// Drops sessions idle for longer than the configured limit.
    pub(super) fn expire_idle(&self) {
        let limit = self.options.session_idle_timeout;
        let mut sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        sessions.retain(|_, s| {
            let keep = s.idle_for() < limit;
            if !keep {
                s.connection.session().close();
            }
            keep
        });
    }

    /// Opens a legacy SSE connection; returns its id.
    pub(super) fn open_legacy(&self, sink: crate::protocol::Sink) -> (String, Arc<Connection>) {
        let id = crate::util::random_hex::<16>();
        let connection = Arc::new(Connection::with_core(Arc::clone(&self.core), sink, Some(id.clone())));
        self.legacy.lock().unwrap_or_else(PoisonError::into_inner).insert(id.clone(), Arc::clone(&connection));
        (id, connection)
    }

    pub(super) fn legacy(&self, id: &str) -> Option<Arc<Connection>> {
        self.legacy.lock().unwrap_or_else(PoisonError::into_inner).get(id).cloned()
    }

    /// Forgets a legacy connection whose stream closed.
    pub(super) fn close_legacy(&self, id: &str) {
        let removed = self.legacy.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
        if let Some(connection) = removed {
            connection.session().close();
        }
    }
}
