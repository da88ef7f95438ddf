//! [`Context`]: what a handler knows about the request it serves, and what
//! it can send back while it runs.
//!
//! The context reaches the server only through two narrow traits,
//! [`Peer`] (the session-era connection) and [`ClientAnswers`] (a stateless
//! 2026-07-28 round), so this layer knows nothing of sessions.

use crate::protocol::method::Notice;
use crate::util::MutexExt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::value::RawValue;
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use super::extensions::Extensions;
use crate::protocol::jsonrpc::encode_notification;
use crate::protocol::scope::Scope;
use crate::protocol::{ErrorObject, Implementation, LogLevel, Nowhere, ProtocolVersion, RequestId, Sink};

/// A boxed future, as the narrow traits return them.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The session-era connection a request arrived on, as a handler sees it.
pub(crate) trait Peer: Send + Sync {
    /// The level set with `logging/setLevel`.
    fn log_level(&self) -> LogLevel;

    /// Sends the client a request through `via` and waits for its answer.
    fn request_client<'a>(
        &'a self,
        method: &'a str,
        params: &'a Value,
        via: &'a Sink,
    ) -> BoxFuture<'a, Result<Box<RawValue>, ErrorObject>>;
}

/// A 2026-07-28 round: answers the client already gave, and a record of
/// what the handler asked that it has not.
pub(crate) trait ClientAnswers: Send + Sync {
    /// The answer under `key` (or the next key of `kind`); a question not
    /// yet answered never completes, and the runtime answers `input_required`.
    fn ask<'a>(&'a self, key: Option<&'a str>, kind: &'a str, method: &'a str, params: Value) -> BoxFuture<'a, Value>;

    /// Makes the call a task now, if it is to become one (see
    /// [`Context::become_task`]); done at once otherwise.
    fn become_task(&self) -> BoxFuture<'_, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// The context of one request, handed to any handler that takes a
/// `Context` parameter (by type; the parameter's name does not matter).
///
/// Cloning is cheap: clones share the same request.
///
/// Its methods live by concern: the request, logging, progress and
/// cancellation here; asking the client (elicitation, sampling, roots,
/// keyed input) in `handler/client_features.rs`; reading the server's own
/// resources and prompts in `handler/own_server.rs`; and
/// [`Context::server`], which hands out the server's handle, in
/// `server/handle.rs`, beside [`ServerHandle`](crate::server::ServerHandle).
#[derive(Clone)]
pub struct Context {
    inner: Arc<CallInfo>,
}

struct CallInfo {
    request_id: RequestId,
    scope: Arc<Scope>,
    out: Sink,
    cancel: CancellationToken,
    progress_token: Option<Value>,
    last_progress: AtomicU64,
    missing_capability: Mutex<Option<&'static str>>,
    peer: Option<Arc<dyn Peer>>,
    input: Option<Arc<dyn ClientAnswers>>,
    state: Arc<Extensions>,
    extensions: Extensions,
}

/// Everything a [`Context`] is made of; the server fills it in.
pub(crate) struct ContextParts {
    pub(crate) request_id: RequestId,
    pub(crate) scope: Arc<Scope>,
    pub(crate) out: Sink,
    pub(crate) cancel: CancellationToken,
    pub(crate) progress_token: Option<Value>,
    pub(crate) peer: Option<Arc<dyn Peer>>,
    pub(crate) input: Option<Arc<dyn ClientAnswers>>,
    pub(crate) state: Arc<Extensions>,
    pub(crate) extensions: Extensions,
}

impl Context {
    pub(crate) fn new(parts: ContextParts) -> Self {
        let info = CallInfo {
            request_id: parts.request_id,
            scope: parts.scope,
            out: parts.out,
            cancel: parts.cancel,
            progress_token: parts.progress_token,
            last_progress: AtomicU64::new(NO_PROGRESS_YET),
            missing_capability: Mutex::new(None),
            peer: parts.peer,
            input: parts.input,
            state: parts.state,
            extensions: parts.extensions,
        };
        Context { inner: Arc::new(info) }
    }

    /// A context that belongs to no session, for calling handlers directly
    /// in tests. It has no state; see [`Context::detached_with`].
    pub fn detached() -> Self {
        Self::detached_with(Extensions::new())
    }

    /// A detached context whose `State` extractors find the
    /// values in `state`.
    pub fn detached_with(state: Extensions) -> Self {
        Context::new(ContextParts {
            request_id: RequestId::Number(0),
            scope: Arc::new(Scope::detached()),
            out: Arc::new(Nowhere),
            cancel: CancellationToken::new(),
            progress_token: None,
            peer: None,
            input: None,
            state: Arc::new(state),
            extensions: Extensions::new(),
        })
    }

    pub(crate) fn input_round(&self) -> Option<&Arc<dyn ClientAnswers>> {
        self.inner.input.as_ref()
    }

    pub(crate) fn peer(&self) -> Option<&Arc<dyn Peer>> {
        self.inner.peer.as_ref()
    }

    /// Where this request's messages go.
    pub(crate) fn out(&self) -> &Sink {
        &self.inner.out
    }

    pub(crate) fn record_missing_capability(&self, name: &'static str) {
        *self.inner.missing_capability.locked() = Some(name);
    }

    /// The client capability a client feature found missing, if any.
    pub(crate) fn missing_capability(&self) -> Option<&'static str> {
        *self.inner.missing_capability.locked()
    }

    /// The values registered with `Server::state`.
    pub(crate) fn state_map(&self) -> &Extensions {
        &self.inner.state
    }

    /// The values middleware and the transport attached to this request.
    pub fn extensions(&self) -> &Extensions {
        &self.inner.extensions
    }

    /// The id of the request being served.
    pub fn request_id(&self) -> &RequestId {
        &self.inner.request_id
    }

    /// The client's name and version: from `initialize`, or from this
    /// request's `_meta` under 2026-07-28.
    pub fn client_info(&self) -> Option<Implementation> {
        self.inner.scope.client.info.clone()
    }

    /// The capabilities the client declared: in `initialize`, or in this
    /// request's `_meta` under 2026-07-28.
    pub fn client_capabilities(&self) -> &Value {
        &self.inner.scope.client.capabilities
    }

    /// The protocol revision this request is served under.
    pub fn protocol_version(&self) -> Option<ProtocolVersion> {
        self.inner.scope.version
    }

    /// Whether this request is served statelessly (2026-07-28, no session).
    pub fn is_stateless(&self) -> bool {
        self.inner.scope.stateless
    }

    /// Whether the client cancelled this request.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancel.is_cancelled()
    }

    /// Completes when the client cancels this request.
    ///
    /// The runtime also drops the handler's future on cancellation, so a
    /// handler only needs this to stop work it runs elsewhere (threads,
    /// child processes).
    pub async fn cancelled(&self) {
        self.inner.cancel.cancelled().await
    }

    /// A token that is cancelled with this request, to hand to other tasks.
    pub fn cancellation_token(&self) -> CancellationToken {
        self.inner.cancel.clone()
    }

    /// Sends a log message to the client (`notifications/message`), if the
    /// client's level (`logging/setLevel`) lets it through.
    pub fn log(&self, level: LogLevel, message: impl Into<String>) {
        let threshold = match (self.inner.scope.stateless, self.inner.scope.log_level, &self.inner.peer) {
            (false, _, Some(peer)) => peer.log_level(),
            (true, Some(requested), _) => requested,
            // 2026-07-28 without a level in `_meta`, or no client at all: no log messages.
            _ => return,
        };
        if level >= threshold {
            let params = json!({ "level": level, "data": message.into() });
            self.inner.out.send(encode_notification(Notice::Message.as_str(), &params));
        }
    }

    /// Logs at `debug` level.
    pub fn debug(&self, message: impl Into<String>) {
        self.log(LogLevel::Debug, message);
    }

    /// Logs at `info` level.
    pub fn info(&self, message: impl Into<String>) {
        self.log(LogLevel::Info, message);
    }

    /// Logs at `warning` level.
    pub fn warning(&self, message: impl Into<String>) {
        self.log(LogLevel::Warning, message);
    }

    /// Logs at `error` level.
    pub fn error(&self, message: impl Into<String>) {
        self.log(LogLevel::Error, message);
    }

    /// Reports progress (`notifications/progress`). Sent only when the request
    /// carried a `progressToken`; a value that is not above the last one (or
    /// not a finite number) is dropped, so the client sees an increasing
    /// sequence, as the protocol requires.
    pub fn progress(&self, progress: f64, total: Option<f64>, message: Option<&str>) {
        let Some(token) = &self.inner.progress_token else { return };
        if !self.advance_progress(progress) {
            return;
        }
        let mut params = json!({ "progressToken": token, "progress": progress });
        if let Some(total) = total {
            params["total"] = json!(total);
        }
        if let Some(message) = message {
            params["message"] = json!(message);
        }
        self.inner.out.send(encode_notification(Notice::Progress.as_str(), &params));
    }

    /// Records `progress` as the latest value; false when it would not go up.
    fn advance_progress(&self, progress: f64) -> bool {
        if !progress.is_finite() {
            return false;
        }
        let mut last = self.inner.last_progress.load(Ordering::Acquire);
        loop {
            // The first report may be any value, negative ones included.
            if last != NO_PROGRESS_YET && progress <= f64::from_bits(last) {
                return false;
            }
            match self.inner.last_progress.compare_exchange_weak(
                last,
                progress.to_bits(),
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return true,
                Err(seen) => last = seen,
            }
        }
    }
}

/// The bit pattern of a NaN that [`Context::progress`] never stores.
const NO_PROGRESS_YET: u64 = u64::MAX;

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("request_id", &self.inner.request_id).finish_non_exhaustive()
    }
}
