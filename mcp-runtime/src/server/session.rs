//! Per-connection state: the negotiated revision, the client, the log level,
//! and the requests in flight.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use serde_json::Value;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use super::logging::LogLevel;
use super::ServerCore;
use crate::protocol::types::InitializeParams;
use crate::protocol::{Implementation, ProtocolVersion, RequestId};

/// Where a session's outgoing frames go. Each frame is one JSON text.
pub(crate) trait Outbound: Send + Sync {
    /// Queues a frame; never blocks for long.
    fn send(&self, frame: Vec<u8>);
}

/// How far the `initialize` handshake has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Nothing but `initialize` and `ping` yet.
    New,
    /// `initialize` was answered.
    Initialized,
}

#[derive(Debug)]
struct Negotiated {
    phase: Phase,
    version: Option<ProtocolVersion>,
    client_info: Option<Implementation>,
    client_capabilities: Value,
}

/// One client connection.
pub(crate) struct Session {
    pub(crate) core: Arc<ServerCore>,
    out: Arc<dyn Outbound>,
    negotiated: RwLock<Negotiated>,
    log_level: AtomicU8,
    in_flight: Mutex<HashMap<RequestId, CancellationToken>>,
    subscriptions: Mutex<std::collections::HashSet<String>>,
    pub(crate) permits: Arc<Semaphore>,
}

impl Session {
    pub(crate) fn new(core: Arc<ServerCore>, out: Arc<dyn Outbound>) -> Arc<Self> {
        let permits = Arc::new(Semaphore::new(core.limits.max_in_flight));
        let negotiated =
            Negotiated { phase: Phase::New, version: None, client_info: None, client_capabilities: Value::Null };
        let session = Arc::new(Session {
            core,
            out,
            negotiated: RwLock::new(negotiated),
            log_level: AtomicU8::new(LogLevel::Info.index()),
            in_flight: Mutex::new(HashMap::new()),
            subscriptions: Mutex::default(),
            permits,
        });
        session.core.registry.attach(&session);
        session
    }

    pub(crate) fn send(&self, frame: Vec<u8>) {
        self.out.send(frame);
    }

    pub(crate) fn phase(&self) -> Phase {
        self.negotiated.read().unwrap_or_else(PoisonError::into_inner).phase
    }

    pub(crate) fn protocol_version(&self) -> Option<ProtocolVersion> {
        self.negotiated.read().unwrap_or_else(PoisonError::into_inner).version
    }

    /// The rules of a request that carries no `_meta` version: the session's.
    pub(crate) fn session_scope(&self) -> super::scope::Scope {
        let n = self.negotiated.read().unwrap_or_else(PoisonError::into_inner);
        super::scope::Scope {
            version: n.version,
            stateless: false,
            client_info: n.client_info.clone(),
            client_capabilities: n.client_capabilities.clone(),
            log_level: None,
        }
    }

    /// Records the handshake; returns the revision to answer with.
    pub(crate) fn initialize(&self, params: InitializeParams) -> ProtocolVersion {
        let version = ProtocolVersion::negotiate(&params.protocol_version);
        let mut n = self.negotiated.write().unwrap_or_else(PoisonError::into_inner);
        *n = Negotiated {
            phase: Phase::Initialized,
            version: Some(version),
            client_info: params.client_info,
            client_capabilities: params.capabilities,
        };
        version
    }

    pub(crate) fn log_level(&self) -> LogLevel {
        LogLevel::from_index(self.log_level.load(Ordering::Relaxed))
    }

    pub(crate) fn set_log_level(&self, level: LogLevel) {
        self.log_level.store(level.index(), Ordering::Relaxed);
    }

    /// Subscribes to (`true`) or unsubscribes from (`false`) updates of a URI.
    pub(crate) fn set_subscribed(&self, uri: &str, subscribed: bool) {
        let mut subs = self.subscriptions.lock().unwrap_or_else(PoisonError::into_inner);
        if subscribed {
            subs.insert(uri.to_owned());
        } else {
            subs.remove(uri);
        }
    }

    pub(crate) fn is_subscribed(&self, uri: &str) -> bool {
        self.subscriptions.lock().unwrap_or_else(PoisonError::into_inner).contains(uri)
    }

    /// Registers a request as in flight; `None` when its id is already in use.
    pub(crate) fn begin(&self, id: &RequestId) -> Option<CancellationToken> {
        let mut map = self.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
        if map.contains_key(id) {
            return None;
        }
        let token = CancellationToken::new();
        map.insert(id.clone(), token.clone());
        Some(token)
    }

    pub(crate) fn finish(&self, id: &RequestId) {
        self.in_flight.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
    }

    /// Cancels a request in flight; an unknown id is ignored, as the spec asks.
    pub(crate) fn cancel(&self, id: &RequestId) -> bool {
        let token = self.in_flight.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
        token.map(|t| t.cancel()).is_some()
    }
}
