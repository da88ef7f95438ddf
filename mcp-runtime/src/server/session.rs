//! Per-connection state: the negotiated revision, the client, the log level,
//! and the requests in flight.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use serde_json::Value;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use super::core::ServerCore;
use crate::handler::context::{BoxFuture, Peer};
use crate::protocol::scope::Scope;
use crate::protocol::types::InitializeParams;
use crate::protocol::{Implementation, LogLevel, Outbound, ProtocolVersion, RequestId, Sink};

/// Where the answer to a request the server sent the client goes.
type Reply = tokio::sync::oneshot::Sender<Result<Box<serde_json::value::RawValue>, crate::protocol::ErrorObject>>;

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
    outgoing: Mutex<HashMap<RequestId, Reply>>,
    listens: Mutex<Vec<RequestId>>,
    next_outgoing: std::sync::atomic::AtomicU64,
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
            outgoing: Mutex::default(),
            listens: Mutex::default(),
            next_outgoing: std::sync::atomic::AtomicU64::new(1),
            permits,
        });
        session.core.registry.attach(&session);
        session
    }

    pub(crate) fn send(&self, frame: Vec<u8>) {
        self.out.send(frame);
    }

    /// The session's own sink.
    pub(crate) fn outbound(&self) -> Sink {
        Arc::clone(&self.out)
    }

    pub(crate) fn phase(&self) -> Phase {
        self.negotiated.read().unwrap_or_else(PoisonError::into_inner).phase
    }

    pub(crate) fn protocol_version(&self) -> Option<ProtocolVersion> {
        self.negotiated.read().unwrap_or_else(PoisonError::into_inner).version
    }

    /// The rules of a request that carries no `_meta` version: the session's.
    pub(crate) fn session_scope(&self) -> Scope {
        let n = self.negotiated.read().unwrap_or_else(PoisonError::into_inner);
        Scope {
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

    /// Sends the client a request and waits for its answer. Dropping the
    /// future forgets the request (a late answer is ignored).
    pub(crate) async fn request_client(
        &self,
        method: &str,
        params: &Value,
        via: &Sink,
    ) -> Result<Box<serde_json::value::RawValue>, crate::protocol::ErrorObject> {
        let n = self.next_outgoing.fetch_add(1, Ordering::Relaxed);
        let id = RequestId::String(format!("server-{n}").into());
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.outgoing.lock().unwrap_or_else(PoisonError::into_inner).insert(id.clone(), tx);
        let _forget = ForgetOnDrop { session: self, id: &id };
        via.send(crate::protocol::jsonrpc::encode_request(&id, method, params));
        rx.await.unwrap_or_else(|_| Err(crate::protocol::ErrorObject::internal("the session closed")))
    }

    /// Hands a client's response to the request waiting for it.
    pub(crate) fn resolve(
        &self,
        id: &RequestId,
        outcome: Result<Box<serde_json::value::RawValue>, crate::protocol::ErrorObject>,
    ) {
        let waiting = self.outgoing.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
        match waiting {
            Some(tx) => {
                let _ = tx.send(outcome);
            }
            None => tracing::debug!(%id, "ignoring a response to no request of ours"),
        }
    }

    pub(crate) fn remember_listen(&self, id: &RequestId) {
        self.listens.lock().unwrap_or_else(PoisonError::into_inner).push(id.clone());
    }

    pub(crate) fn forget_listen(&self, id: &RequestId) {
        self.listens.lock().unwrap_or_else(PoisonError::into_inner).retain(|l| l != id);
    }

    /// Ends every `subscriptions/listen` stream: the connection is closing.
    pub(crate) fn end_listens(&self) {
        let ids = std::mem::take(&mut *self.listens.lock().unwrap_or_else(PoisonError::into_inner));
        for id in ids {
            self.cancel(&id);
        }
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

/// Removes a pending outgoing request when its waiter goes away.
struct ForgetOnDrop<'a> {
    session: &'a Session,
    id: &'a RequestId,
}

impl Drop for ForgetOnDrop<'_> {
    fn drop(&mut self) {
        self.session.outgoing.lock().unwrap_or_else(PoisonError::into_inner).remove(self.id);
    }
}

impl Peer for Session {
    fn log_level(&self) -> LogLevel {
        Session::log_level(self)
    }

    fn request_client<'a>(
        &'a self,
        method: &'a str,
        params: &'a Value,
        via: &'a Sink,
    ) -> BoxFuture<'a, Result<Box<serde_json::value::RawValue>, crate::protocol::ErrorObject>> {
        Box::pin(Session::request_client(self, method, params, via))
    }
}
