//! [`Context`]: what a tool knows about the call it serves, and what it can
//! send back while it runs.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use super::input::InputRound;
use super::logging::LogLevel;
use super::scope::Scope;
use super::session::{Nowhere, Session, Sink};
use crate::protocol::jsonrpc::encode_notification;
use crate::protocol::{Implementation, ProtocolVersion, RequestId};

/// The context of one request, injected into any tool that takes a
/// `Context` parameter (by type; the parameter's name does not matter).
///
/// Cloning is cheap: clones share the same request.
#[derive(Clone)]
pub struct Context {
    inner: Arc<CallInfo>,
}

struct CallInfo {
    request_id: RequestId,
    session: Option<Arc<Session>>,
    scope: Arc<Scope>,
    out: Sink,
    input: Option<Arc<InputRound>>,
    missing_capability: std::sync::Mutex<Option<&'static str>>,
    cancel: CancellationToken,
    progress_token: Option<Value>,
    last_progress: AtomicU64,
}

impl Context {
    pub(crate) fn new(
        request_id: RequestId,
        session: Option<Arc<Session>>,
        scope: Arc<Scope>,
        out: Sink,
        cancel: CancellationToken,
        progress_token: Option<Value>,
    ) -> Self {
        let info = CallInfo {
            request_id,
            session,
            scope,
            out,
            input: None,
            missing_capability: Default::default(),
            cancel,
            progress_token,
            last_progress: AtomicU64::new(0),
        };
        Context { inner: Arc::new(info) }
    }

    /// Gives a stateless call its input round (before the context is shared).
    pub(crate) fn with_input(mut self, round: Option<Arc<InputRound>>) -> Self {
        if let Some(info) = Arc::get_mut(&mut self.inner) {
            info.input = round;
        }
        self
    }

    pub(crate) fn input_round(&self) -> Option<&Arc<InputRound>> {
        self.inner.input.as_ref()
    }

    /// Where this request's messages go.
    pub(crate) fn out(&self) -> &Sink {
        &self.inner.out
    }

    pub(crate) fn session(&self) -> Option<&Arc<Session>> {
        self.inner.session.as_ref()
    }

    pub(crate) fn record_missing_capability(&self, name: &'static str) {
        *self.inner.missing_capability.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(name);
    }

    /// The client capability a client feature found missing, if any.
    pub(crate) fn missing_capability(&self) -> Option<&'static str> {
        *self.inner.missing_capability.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A context that belongs to no session, for calling tools directly in tests.
    pub fn detached() -> Self {
        let scope = Scope {
            version: None,
            stateless: false,
            client_info: None,
            client_capabilities: Value::Null,
            log_level: None,
        };
        Self::new(RequestId::Number(0), None, Arc::new(scope), Arc::new(Nowhere), CancellationToken::new(), None)
    }

    /// The id of the request being served.
    pub fn request_id(&self) -> &RequestId {
        &self.inner.request_id
    }

    /// The client's name and version: from `initialize`, or from this
    /// request's `_meta` under 2026-07-28.
    pub fn client_info(&self) -> Option<Implementation> {
        self.inner.scope.client_info.clone()
    }

    /// The capabilities the client declared: in `initialize`, or in this
    /// request's `_meta` under 2026-07-28.
    pub fn client_capabilities(&self) -> &Value {
        &self.inner.scope.client_capabilities
    }

    /// The protocol revision this request is served under.
    pub fn protocol_version(&self) -> Option<ProtocolVersion> {
        self.inner.scope.version
    }

    /// Whether this request is served statelessly (2026-07-28, no session).
    pub fn is_stateless(&self) -> bool {
        self.inner.scope.stateless
    }

    /// A handle to the server, to change its tools or notify its clients.
    /// `None` for a [`Context::detached`] context.
    pub fn server(&self) -> Option<super::ServerHandle> {
        let session = self.inner.session.as_ref()?;
        Some(super::ServerHandle::new(Arc::clone(&session.core.registry)))
    }

    /// Whether the client cancelled this request.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancel.is_cancelled()
    }

    /// Completes when the client cancels this request.
    ///
    /// The runtime also drops the tool's future on cancellation, so a tool only
    /// needs this to stop work it runs elsewhere (threads, child processes).
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
        let Some(session) = &self.inner.session else { return };
        let threshold = match (self.inner.scope.stateless, self.inner.scope.log_level) {
            (false, _) => session.log_level(),
            (true, Some(requested)) => requested,
            // 2026-07-28: no level in `_meta` means no log messages.
            (true, None) => return,
        };
        if level >= threshold {
            let params = json!({ "level": level, "data": message.into() });
            self.inner.out.send(encode_notification("notifications/message", &params));
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
    /// carried a `progressToken`; a value lower than the last one is dropped,
    /// so the client sees a non-decreasing sequence.
    pub fn progress(&self, progress: f64, total: Option<f64>, message: Option<&str>) {
        let Some(token) = &self.inner.progress_token else { return };
        let bits = progress.to_bits();
        let previous = f64::from_bits(self.inner.last_progress.fetch_max(bits, Ordering::AcqRel));
        if progress.is_nan() || progress < previous {
            return;
        }
        let mut params = json!({ "progressToken": token, "progress": progress });
        if let Some(total) = total {
            params["total"] = json!(total);
        }
        if let Some(message) = message {
            params["message"] = json!(message);
        }
        self.inner.out.send(encode_notification("notifications/progress", &params));
    }
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("request_id", &self.inner.request_id).finish_non_exhaustive()
    }
}
