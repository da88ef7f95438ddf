//! One connection to a server, whatever carries it: requests matched to
//! responses by id, notifications fanned out, and the server's own requests
//! (sampling, elicitation, roots) answered by the client's handlers.

use crate::util::MutexExt;
use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::value::RawValue;
use serde_json::{json, Value};
use tokio::sync::{broadcast, mpsc, oneshot};

use super::Error;
use crate::protocol::jsonrpc::{self, encode_error, encode_notification, encode_request, encode_result, Incoming};
use crate::protocol::method::ClientMethod;
use crate::protocol::{ErrorObject, ProtocolVersion, RequestId};

/// Frames to the server.
pub(crate) type Outgoing = mpsc::UnboundedSender<Vec<u8>>;
/// Frames from the server, on their way to the read loop.
pub(crate) type IncomingFrames = mpsc::Receiver<Vec<u8>>;
/// Where a transport puts the frames it reads from the server.
pub(crate) type Frames = mpsc::Sender<Vec<u8>>;

/// The most frames read from the server and not yet handled. The channel is
/// bounded so that a server that floods the client slows its own stream
/// down (the transport waits to read more) instead of filling memory.
const INCOMING_FRAMES: usize = 1024;

/// The channel from a transport's reader to the read loop.
pub(crate) fn incoming_channel() -> (Frames, IncomingFrames) {
    mpsc::channel(INCOMING_FRAMES)
}

type Answer = Result<Box<RawValue>, ErrorObject>;

/// A notification the server sent.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerNotification {
    /// Its method, such as `notifications/message`.
    pub method: String,
    /// Its params.
    pub params: Value,
}

/// A future a request handler returns.
pub(crate) type HandlerFuture = Pin<Box<dyn Future<Output = Result<Value, ErrorObject>> + Send>>;
/// Answers one kind of server request (its params in, its result out).
pub(crate) type Handler = Arc<dyn Fn(Value) -> HandlerFuture + Send + Sync>;

/// The client's answers to what a server may ask.
#[derive(Clone, Default)]
pub(crate) struct RequestHandlers {
    pub(crate) sampling: Option<Handler>,
    pub(crate) elicitation: Option<Handler>,
    pub(crate) roots: Option<Handler>,
}

impl RequestHandlers {
    /// The capabilities these handlers let the client declare.
    pub(crate) fn capabilities(&self) -> Value {
        let mut caps = json!({});
        if self.sampling.is_some() {
            caps["sampling"] = json!({});
        }
        if self.elicitation.is_some() {
            caps["elicitation"] = json!({});
        }
        if self.roots.is_some() {
            caps["roots"] = json!({});
        }
        caps
    }

    /// Sets the elicitation handler. Whatever it returns, an accepted
    /// answer gets the schema's defaults for the fields it left out, in
    /// both eras.
    pub(crate) fn set_elicitation(&mut self, handler: Handler) {
        self.elicitation = Some(Arc::new(move |params: Value| {
            let schema = params.get("requestedSchema").cloned();
            let answer = handler(params);
            Box::pin(async move {
                let mut result = answer.await?;
                if let Some(schema) = schema {
                    apply_defaults(&schema, &mut result);
                }
                Ok(result)
            })
        }));
    }

    pub(crate) fn for_method(&self, method: &str) -> Option<&Handler> {
        match ClientMethod::parse(method)? {
            ClientMethod::CreateMessage => self.sampling.as_ref(),
            ClientMethod::Elicit => self.elicitation.as_ref(),
            ClientMethod::ListRoots => self.roots.as_ref(),
        }
    }
}

/// The shared state of one connection.
pub(crate) struct ServerLink {
    pub(crate) server: String,
    out: Outgoing,
    pending: Mutex<HashMap<RequestId, oneshot::Sender<Answer>>>,
    next_id: AtomicI64,
    notifications: broadcast::Sender<ServerNotification>,
    handlers: RequestHandlers,
    /// Output that was not JSON-RPC, to explain a failure.
    garbage: super::garbage::Garbage,
    /// What every request carries in `_meta` (the 2026-07-28 lifecycle).
    meta: Mutex<Option<Value>>,
    /// The listed tools' `x-mcp-header` arguments, for HTTP transports.
    pub(crate) tool_headers: super::tool_headers::ToolHeaders,
    /// The version `initialize` settled on, which HTTP transports send in
    /// `MCP-Protocol-Version` from then on.
    pub(crate) session_version: Arc<Mutex<Option<ProtocolVersion>>>,
}

impl ServerLink {
    /// Starts reading `incoming` in a task.
    pub(crate) fn start(
        server: String,
        out: Outgoing,
        incoming: IncomingFrames,
        handlers: RequestHandlers,
    ) -> Arc<Self> {
        let (notifications, _) = broadcast::channel(256);
        let conn = Arc::new(ServerLink {
            server,
            out,
            pending: Mutex::default(),
            next_id: AtomicI64::new(1),
            notifications,
            handlers,
            garbage: Default::default(),
            meta: Mutex::default(),
            tool_headers: Default::default(),
            session_version: Default::default(),
        });
        tokio::spawn(read_loop(Arc::clone(&conn), incoming));
        conn
    }

    /// The client's handler for a server request method.
    pub(crate) fn handler(&self, method: &str) -> Option<Handler> {
        self.handlers.for_method(method).cloned()
    }

    /// Sets the `_meta` fields every request carries from now on.
    pub(crate) fn set_meta(&self, meta: Option<Value>) {
        *self.meta.locked() = meta;
    }

    /// Adds one field to the `_meta` every request carries.
    pub(crate) fn add_meta(&self, key: &str, value: Value) {
        if let Some(Value::Object(meta)) = self.meta.locked().as_mut() {
            meta.insert(key.to_owned(), value);
        }
    }

    /// `params` with the connection's `_meta` fields added (those it does
    /// not set itself); `params` itself when there are none (a session).
    fn with_meta<'a>(&self, params: &'a Value) -> Cow<'a, Value> {
        let meta = self.meta.locked();
        let Some(Value::Object(fields)) = meta.as_ref() else { return Cow::Borrowed(params) };
        let mut params = if params.is_object() { params.clone() } else { json!({}) };
        if !params["_meta"].is_object() {
            params["_meta"] = json!({});
        }
        if let Some(target) = params["_meta"].as_object_mut() {
            // A field the request sets itself wins (its capabilities, say).
            for (key, value) in fields {
                target.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
        Cow::Owned(params)
    }

    /// One of the `_meta` fields every request carries.
    pub(crate) fn meta_field(&self, key: &str) -> Option<Value> {
        self.meta.locked().as_ref().and_then(|meta| meta.get(key)).cloned()
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<ServerNotification> {
        self.notifications.subscribe()
    }

    /// Sends a notification.
    pub(crate) fn notify(&self, method: &str, params: &Value) -> Result<(), Error> {
        self.out.send(encode_notification(method, params)).map_err(|_| self.closed())
    }

    /// Sends a request and waits for its answer. Dropping the future cancels
    /// the request (`notifications/cancelled`).
    pub(crate) async fn request(
        &self,
        method: &str,
        params: &Value,
        timeout: Duration,
    ) -> Result<Box<RawValue>, Error> {
        self.request_telling_id(method, params, timeout, |_| {}).await
    }

    /// [`ServerLink::request`], telling `tell` the request's id before it
    /// goes out (a `subscriptions/listen` stream is known by it).
    pub(crate) async fn request_telling_id(
        &self,
        method: &str,
        params: &Value,
        timeout: Duration,
        tell: impl FnOnce(&RequestId),
    ) -> Result<Box<RawValue>, Error> {
        let id = RequestId::Number(self.next_id.fetch_add(1, Ordering::Relaxed));
        tell(&id);
        let (tx, rx) = oneshot::channel();
        self.pending.locked().insert(id.clone(), tx);
        let mut guard = CancelGuard { conn: self, id: Some(id.clone()) };
        let params = self.with_meta(params);
        self.out.send(encode_request(&id, method, &params)).map_err(|_| self.closed())?;
        let answer = tokio::select! {
            biased;
            answer = rx => Some(answer),
            () = tokio::time::sleep(timeout) => None,
            () = self.garbage.garbled_opening() => None,
        };
        guard.id = None;
        match answer {
            Some(Ok(Ok(raw))) => Ok(raw),
            Some(Ok(Err(error))) => Err(self.rpc_error(error)),
            Some(Err(_)) => Err(self.closed()),
            None => {
                self.forget(&id, true);
                Err(self.timeout_error(method, timeout))
            }
        }
    }

    /// An error answer as an [`Error`]: [`Error::Authorization`] or
    /// [`Error::Unreachable`] when the transport marked it so.
    fn rpc_error(&self, error: crate::protocol::ErrorObject) -> Error {
        let mark = |key: &str| error.data.as_ref().and_then(|d| d.get(key)).and_then(Value::as_str).map(str::to_owned);
        let server = self.server.clone();
        if let Some(detail) = mark(super::error::AUTHORIZATION_MARK) {
            return Error::Authorization { server, detail };
        }
        if let Some(detail) = mark(super::error::UNREACHABLE_MARK) {
            return Error::Unreachable { server, detail };
        }
        Error::Rpc { server, error }
    }

    pub(crate) fn timeout_error(&self, method: &str, after: Duration) -> Error {
        match self.garbage.last() {
            Some(line) => Error::Protocol {
                server: self.server.clone(),
                detail: format!("no answer to `{method}`; the server wrote output that is not JSON-RPC: {line:?}"),
            },
            None => Error::Timeout { server: self.server.clone(), method: method.into(), after },
        }
    }

    pub(crate) fn closed(&self) -> Error {
        Error::Closed { server: self.server.clone(), stderr: String::new() }
    }

    fn forget(&self, id: &RequestId, cancel: bool) {
        let was_pending = self.pending.locked().remove(id).is_some();
        if was_pending && cancel {
            let _ = self.notify("notifications/cancelled", &json!({ "requestId": id, "reason": "the client gave up" }));
        }
    }

    fn on_frame(self: &Arc<Self>, frame: &[u8]) {
        let parsed = jsonrpc::parse(frame);
        if matches!(parsed, Ok(Incoming::Response { .. } | Incoming::Notification(_) | Incoming::Request(_))) {
            self.garbage.heard_valid();
        }
        match parsed {
            Ok(Incoming::Response { id, outcome }) => {
                if let Some(tx) = self.pending.locked().remove(&id) {
                    let _ = tx.send(outcome);
                }
            }
            Ok(Incoming::Notification(n)) => {
                let params = n.params.and_then(|p| serde_json::from_str(p.get()).ok()).unwrap_or(Value::Null);
                let _ = self.notifications.send(ServerNotification { method: n.method.into(), params });
            }
            Ok(Incoming::Request(req)) => self.answer_server(req),
            Ok(Incoming::Batch(_)) | Err(_) => {
                let line = String::from_utf8_lossy(frame).chars().take(200).collect::<String>();
                tracing::warn!(server = %self.server, "ignoring output that is not JSON-RPC: {line}");
                self.garbage.record(line);
            }
        }
    }

    fn answer_server(self: &Arc<Self>, req: jsonrpc::Request) {
        let params = req.params.as_deref().and_then(|p| serde_json::from_str(p.get()).ok()).unwrap_or(Value::Null);
        let handler = match &*req.method {
            "ping" => None,
            method => match self.handlers.for_method(method) {
                Some(handler) => Some(Arc::clone(handler)),
                None => {
                    let _ = self.out.send(encode_error(Some(&req.id), &ErrorObject::method_not_found(method)));
                    return;
                }
            },
        };
        let conn = Arc::clone(self);
        tokio::spawn(async move {
            let answer = match handler {
                None => Ok(json!({})),
                Some(handler) => handler(params).await,
            };
            let frame = match answer {
                Ok(result) => encode_result(&req.id, &result),
                Err(error) => encode_error(Some(&req.id), &error),
            };
            let _ = conn.out.send(frame);
        });
    }
}

/// Fills the fields an accepted elicitation left out with the schema's
/// defaults, as the specification asks of clients.
fn apply_defaults(schema: &Value, result: &mut Value) {
    if result["action"] != "accept" {
        return;
    }
    let Some(properties) = schema["properties"].as_object() else { return };
    if !result["content"].is_object() {
        result["content"] = json!({});
    }
    let Some(content) = result["content"].as_object_mut() else { return };
    for (name, property) in properties {
        if let Some(default) = property.get("default") {
            content.entry(name.clone()).or_insert_with(|| default.clone());
        }
    }
}

/// Sends `notifications/cancelled` when a request's future is dropped early.
struct CancelGuard<'a> {
    conn: &'a ServerLink,
    id: Option<RequestId>,
}

impl Drop for CancelGuard<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            self.conn.forget(&id, true);
        }
    }
}

async fn read_loop(conn: Arc<ServerLink>, mut incoming: IncomingFrames) {
    while let Some(frame) = incoming.recv().await {
        conn.on_frame(&frame);
    }
    // Closed: every waiter learns it at once.
    conn.pending.locked().clear();
}

pub(super) fn protocol(conn: &ServerLink, detail: impl std::fmt::Display) -> Error {
    Error::Protocol { server: conn.server.clone(), detail: detail.to_string() }
}
