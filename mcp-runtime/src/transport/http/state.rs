//! What the HTTP transport keeps between requests: the session-era sessions,
//! each with the stream its session-wide messages go to.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use tokio::sync::mpsc;

use super::resume::{StreamLog, Streams};
use super::HttpOptions;
use crate::protocol::Outbound;
use crate::server::core::ServerCore;
use crate::server::session::Session;

/// Frames for one HTTP response stream.
pub(super) type FrameTx = mpsc::UnboundedSender<Vec<u8>>;
/// The receiving side of a response stream.
pub(super) type FrameRx = mpsc::UnboundedReceiver<Vec<u8>>;

/// A sink that feeds one HTTP response (a POST's answer, an SSE stream).
pub(super) struct ChannelSink(pub(super) FrameTx);

impl Outbound for ChannelSink {
    fn send(&self, frame: Vec<u8>) {
        let _ = self.0.send(frame);
    }
}

/// One session-era HTTP session.
pub(super) struct HttpSession {
    pub(super) session: Arc<Session>,
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

/// The transport's shared state.
pub(crate) struct HttpState {
    pub(super) core: Arc<ServerCore>,
    pub(super) options: HttpOptions,
    sessions: Mutex<HashMap<String, Arc<HttpSession>>>,
    pub(super) legacy: super::legacy::LegacySessions,
}

impl HttpState {
    pub(super) fn new(core: Arc<ServerCore>, options: HttpOptions) -> Arc<Self> {
        Arc::new(HttpState { core, options, sessions: Mutex::default(), legacy: Default::default() })
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
        let session = Session::new(Arc::clone(&self.core), session_stream.clone());
        let http = Arc::new(HttpSession { session, streams, session_stream, last_seen: Mutex::new(Instant::now()) });
        let id = new_session_id();
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
        removed.inspect(|s| s.session.end_listens()).is_some()
    }

    /// Drops sessions idle for longer than the configured limit.
    pub(super) fn expire_idle(&self) {
        let limit = self.options.session_idle_timeout;
        let mut sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        sessions.retain(|_, s| s.idle_for() < limit);
    }
}

/// 128 bits from the OS's cryptographic generator, as hex.
pub(super) fn new_session_id() -> String {
    crate::util::random_bytes::<16>().iter().map(|b| format!("{b:02x}")).collect()
}
