//! [`Session`]: the state of one session-era connection, and nothing else:
//! the negotiated revision and client, the log level, subscriptions, the
//! requests the server sent the client, and the open listen streams.

use crate::util::{MutexExt, RwLockExt};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use serde_json::value::RawValue;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::registry::{Registry, Subscriber};
use crate::handler::context::{BoxFuture, Peer};
use crate::protocol::jsonrpc::encode_request;
use crate::protocol::scope::{ClientProfile, Scope};
use crate::protocol::{ErrorObject, LogLevel, ProtocolVersion, RequestId, Sink};

/// The most bytes of URIs one session's subscriptions take together: a
/// session keeps them, and with a store, every change writes them all.
pub(crate) const MAX_SUBSCRIPTION_BYTES: usize = 64 * 1024;

/// The client's answer to a request the server sent it.
pub(crate) type Answered = Result<Box<RawValue>, ErrorObject>;
/// Where the answer to a request the server sent the client goes.
type Reply = tokio::sync::oneshot::Sender<Answered>;

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
    client: Arc<ClientProfile>,
}

/// One client connection of the session era.
pub(crate) struct Session {
    id: Box<str>,
    out: Sink,
    negotiated: RwLock<Negotiated>,
    log_level: AtomicU8,
    subscriptions: Mutex<HashSet<String>>,
    outgoing: Mutex<HashMap<RequestId, Reply>>,
    next_outgoing: AtomicU64,
    listens: Mutex<Vec<CancellationToken>>,
    /// Cancelled when the connection closes.
    closed: CancellationToken,
}

impl Session {
    /// A new session whose unprompted messages go to `out`; the registry
    /// tells it of changes. `id` names it (in traces, and for HTTP, in
    /// `Mcp-Session-Id`); a random one is made up without.
    pub(crate) fn new(registry: &Registry, out: Sink, id: Option<String>) -> Arc<Self> {
        let id = id.unwrap_or_else(crate::util::random_hex::<8>).into_boxed_str();
        let negotiated = Negotiated { phase: Phase::New, version: None, client: Arc::default() };
        let session = Arc::new(Session {
            id,
            out,
            negotiated: RwLock::new(negotiated),
            log_level: AtomicU8::new(LogLevel::Info.index()),
            subscriptions: Mutex::default(),
            outgoing: Mutex::default(),
            next_outgoing: AtomicU64::new(1),
            listens: Mutex::default(),
            closed: CancellationToken::new(),
        });
        registry.attach(Arc::downgrade(&session) as std::sync::Weak<dyn Subscriber>);
        session
    }

    /// The session's id.
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// Sends a frame on the session's own stream.
    pub(crate) fn send(&self, frame: Vec<u8>) {
        self.out.send(frame);
    }

    pub(crate) fn phase(&self) -> Phase {
        self.negotiated.read_locked().phase
    }

    pub(crate) fn protocol_version(&self) -> Option<ProtocolVersion> {
        self.negotiated.read_locked().version
    }

    /// The rules of a request that carries no `_meta` version: the session's.
    pub(crate) fn scope(&self) -> Scope {
        let n = self.negotiated.read_locked();
        Scope { version: n.version, stateless: false, client: Arc::clone(&n.client), log_level: None }
    }

    /// Records the handshake; returns the revision to answer with, or
    /// `None` when the session was already initialized.
    pub(crate) fn initialize(&self, requested: &str, client: ClientProfile) -> Option<ProtocolVersion> {
        let mut n = self.negotiated.write_locked();
        if n.phase != Phase::New {
            return None;
        }
        let version = ProtocolVersion::negotiate(requested);
        *n = Negotiated { phase: Phase::Initialized, version: Some(version), client: Arc::new(client) };
        Some(version)
    }

    pub(crate) fn log_level(&self) -> LogLevel {
        LogLevel::from_index(self.log_level.load(Ordering::Relaxed))
    }

    pub(crate) fn set_log_level(&self, level: LogLevel) {
        self.log_level.store(level.index(), Ordering::Relaxed);
    }

    /// Subscribes to (`true`) or unsubscribes from (`false`) updates of a
    /// URI; a session keeps at most `max` subscriptions, of at most
    /// [`MAX_SUBSCRIPTION_BYTES`] together.
    pub(crate) fn set_subscribed(&self, uri: &str, subscribed: bool, max: usize) -> Result<(), ErrorObject> {
        let mut subs = self.subscriptions.locked();
        if !subscribed {
            subs.remove(uri);
        } else if subs.contains(uri) {
            // Already subscribed: nothing changes.
        } else if subs.len() >= max {
            return Err(ErrorObject::invalid_params(format!(
                "this session already has {max} subscriptions, the most it may keep; unsubscribe from some first"
            )));
        } else if subs.iter().map(String::len).sum::<usize>() + uri.len() > MAX_SUBSCRIPTION_BYTES {
            return Err(ErrorObject::invalid_params(format!(
                "this session's subscriptions would take more than {MAX_SUBSCRIPTION_BYTES} bytes of URIs; \
                 unsubscribe from some first"
            )));
        } else {
            subs.insert(uri.to_owned());
        }
        Ok(())
    }

    /// What another instance needs to serve this session, once `initialize`
    /// has been answered.
    #[cfg(feature = "server-http")]
    pub(crate) fn record(&self, owner: Option<String>) -> Option<crate::store::SessionRecord> {
        let n = self.negotiated.read_locked();
        let version = n.version.filter(|_| n.phase == Phase::Initialized)?;
        let mut subscriptions: Vec<String> = self.subscriptions.locked().iter().cloned().collect();
        subscriptions.sort();
        Some(crate::store::SessionRecord {
            version: version.as_str().to_owned(),
            client_info: n.client.info.clone(),
            client_capabilities: n.client.capabilities.clone(),
            log_level: self.log_level(),
            subscriptions,
            owner,
        })
    }

    /// Takes up a session another instance opened, as its record says;
    /// `false` when the record names a revision this server does not speak.
    #[cfg(feature = "server-http")]
    pub(crate) fn restore(&self, record: &crate::store::SessionRecord) -> bool {
        let Some(version) = ProtocolVersion::parse(&record.version).filter(|v| v.uses_initialize()) else {
            return false;
        };
        let client =
            ClientProfile { info: record.client_info.clone(), capabilities: record.client_capabilities.clone() };
        let mut n = self.negotiated.write_locked();
        if n.version != Some(version) || *n.client != client {
            *n = Negotiated { phase: Phase::Initialized, version: Some(version), client: Arc::new(client) };
        }
        drop(n);
        self.set_log_level(record.log_level);
        *self.subscriptions.locked() = record.subscriptions.iter().cloned().collect();
        true
    }

    /// Sends the client a request and waits for its answer. Dropping the
    /// future forgets the request (a late answer is ignored).
    pub(crate) async fn request_client(
        &self,
        method: &str,
        params: &Value,
        via: &Sink,
    ) -> Result<Box<RawValue>, ErrorObject> {
        let n = self.next_outgoing.fetch_add(1, Ordering::Relaxed);
        // Unique across instances, so that an answer that reaches another
        // instance of a shared session is routed back to this one only.
        let id = RequestId::String(format!("server-{:08x}-{n}", crate::util::instance_tag()).into());
        let (tx, rx) = tokio::sync::oneshot::channel();
        {
            let mut outgoing = self.outgoing.locked();
            if self.closed.is_cancelled() {
                return Err(ErrorObject::internal("the session closed"));
            }
            outgoing.insert(id.clone(), tx);
        }
        let _forget = ForgetOnDrop { session: self, id: &id };
        via.send(encode_request(&id, method, params));
        rx.await.unwrap_or_else(|_| Err(ErrorObject::internal("the session closed")))
    }

    /// Hands a client's response to the request waiting for it.
    pub(crate) fn resolve(&self, id: &RequestId, outcome: Answered) {
        if self.try_resolve(id, outcome).is_err() {
            tracing::debug!(%id, "ignoring a response to no request of ours");
        }
    }

    /// Hands a client's response to the request waiting for it here; gives
    /// it back when none is (it may be another instance's).
    pub(crate) fn try_resolve(&self, id: &RequestId, outcome: Answered) -> Result<(), Answered> {
        let waiting = self.outgoing.locked().remove(id);
        match waiting {
            Some(tx) => {
                let _ = tx.send(outcome);
                Ok(())
            }
            None => Err(outcome),
        }
    }

    /// Remembers an open `subscriptions/listen` stream, to end it with the
    /// connection; ends it at once when the connection already closed.
    pub(crate) fn remember_listen(&self, cancel: &CancellationToken) {
        let mut listens = self.listens.locked();
        if self.closed.is_cancelled() {
            cancel.cancel();
            return;
        }
        listens.retain(|t| !t.is_cancelled());
        listens.push(cancel.clone());
    }

    /// The connection is closing: every `subscriptions/listen` stream ends,
    /// and the requests sent to the client fail, now and from now on.
    pub(crate) fn close(&self) {
        let listens = {
            let mut listens = self.listens.locked();
            self.closed.cancel();
            std::mem::take(&mut *listens)
        };
        for token in listens {
            token.cancel();
        }
        let waiting = {
            let mut outgoing = self.outgoing.locked();
            std::mem::take(&mut *outgoing)
        };
        drop(waiting);
    }
}

impl Subscriber for Session {
    fn list_changed(&self, frame: &[u8]) {
        if self.phase() == Phase::Initialized {
            self.send(frame.to_vec());
        }
    }

    fn resource_updated(&self, uri: &str, frame: &[u8]) {
        if self.subscriptions.locked().contains(uri) {
            self.send(frame.to_vec());
        }
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
    ) -> BoxFuture<'a, Result<Box<RawValue>, ErrorObject>> {
        Box::pin(Session::request_client(self, method, params, via))
    }
}

/// Removes a pending outgoing request when its waiter goes away.
struct ForgetOnDrop<'a> {
    session: &'a Session,
    id: &'a RequestId,
}

impl Drop for ForgetOnDrop<'_> {
    fn drop(&mut self) {
        self.session.outgoing.locked().remove(self.id);
    }
}
