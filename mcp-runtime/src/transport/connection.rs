//! [`Connection`]: the public connection core every transport is written
//! against. A transport connects a sink, feeds the frames its peer sends,
//! and closes the connection when the peer goes away.
//!
//! The core parses each frame once, answers what it can at once (parse
//! errors, `ping`, cancellations, responses to the server's own requests),
//! and runs requests concurrently, at most `max_in_flight` at a time. More
//! requests wait in a queue bounded by the bytes they hold, not by their
//! number, so that a client that pipelines hundreds of calls is still read
//! on. Only when the queue is full does `feed` wait, and the transport
//! should stop reading: that is the backpressure. Frames that are not
//! requests never wait behind the bound once read, so a client can cancel
//! or ping anything it sent before the queue filled.

use std::sync::Arc;

use tokio::runtime::Handle;
use tokio::sync::Semaphore;

use super::batch::BatchJob;
use super::in_flight::InFlight;
use super::job::{acquire_many, Admission, Job};
use super::BuiltServer;
use crate::handler::Extensions;
use crate::protocol::jsonrpc::{self, encode_error, encode_result, Incoming, Notification, Rejected};
use crate::protocol::method::{Method, Notice};
use crate::protocol::scope::stateless_scope;
use crate::protocol::types::CancelledParams;
use crate::protocol::{ErrorObject, ProtocolVersion, RequestId, Sink};
use crate::server::call::Route;
use crate::server::core::ServerCore;
use crate::server::session::Session;

/// Bytes of requests that may wait for a slot, per slot.
const QUEUED_BYTES_PER_SLOT: usize = 64 * 1024;

/// What a waiting request counts for beyond its method and params: its
/// task, its place in flight and its id.
const QUEUED_REQUEST_OVERHEAD: usize = 1024;

/// One client connection to a served server.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use mcp_runtime::prelude::*;
/// use mcp_runtime::protocol::Outbound;
/// use mcp_runtime::transport::{Connection, BuiltServer};
///
/// /// Frames the server sends, collected.
/// #[derive(Default)]
/// struct Collect(Mutex<Vec<String>>);
///
/// impl Outbound for Collect {
///     fn send(&self, frame: Vec<u8>) {
///         self.0.lock().unwrap().push(String::from_utf8(frame).unwrap());
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let service = BuiltServer::new(Server::new("core")).expect("a valid server");
/// let out = Arc::new(Collect::default());
/// let connection = Connection::new(&service, out.clone());
/// connection.feed(br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#).await;
/// connection.close().await;
/// assert_eq!(out.0.lock().unwrap()[0], r#"{"jsonrpc":"2.0","id":1,"result":{}}"#);
/// # }
/// ```
pub struct Connection {
    core: Arc<ServerCore>,
    session: Arc<Session>,
    sink: Sink,
    in_flight: Arc<InFlight>,
    running: Arc<Semaphore>,
    /// Bytes of requests that may wait for a slot: the permits of `waiting`.
    queue_bytes: u32,
    waiting: Arc<Semaphore>,
    runtime: Handle,
}

impl Connection {
    /// A connection to `service` whose outgoing frames go to `sink`.
    ///
    /// # Panics
    /// When called outside a tokio runtime.
    pub fn new(service: &BuiltServer, sink: Sink) -> Self {
        Self::with_core(Arc::clone(&service.core), sink, None)
    }

    /// A connection whose session has the id `session_id` (made up without).
    pub(crate) fn with_core(core: Arc<ServerCore>, sink: Sink, session_id: Option<String>) -> Self {
        let slots = core.limits.max_in_flight;
        let session = Session::new(&core.registry, Arc::clone(&sink), session_id);
        let queue_bytes = (slots * QUEUED_BYTES_PER_SLOT).max(core.limits.max_message_bytes);
        let queue_bytes = u32::try_from(queue_bytes).unwrap_or(u32::MAX >> 3);
        Connection {
            core,
            session,
            sink,
            in_flight: Arc::default(),
            running: Arc::new(Semaphore::new(slots)),
            queue_bytes,
            waiting: Arc::new(Semaphore::new(queue_bytes as usize)),
            runtime: Handle::current(),
        }
    }

    /// Answers a request that belongs to no connection: a stateless
    /// 2026-07-28 request, whose `scope` its transport read from `_meta`.
    /// It runs at once, outside any connection's in-flight bound; its
    /// transport bounds such requests (the HTTP front door's connection
    /// limit).
    #[cfg(feature = "server-http")]
    pub(crate) async fn answer_alone(
        core: Arc<ServerCore>,
        request: jsonrpc::Request,
        scope: crate::protocol::scope::Scope,
        route: Route,
    ) -> Vec<u8> {
        core.answer(request, Some(scope), route).await
    }

    /// The largest frame the transport should pass on; answer larger ones
    /// with [`Connection::refuse_oversized`] instead.
    pub fn max_message_size(&self) -> usize {
        self.core.limits.max_message_bytes
    }

    /// Answers a frame that was too large to read (`-32600`).
    pub fn refuse_oversized(&self) {
        let limit = self.max_message_size();
        let error = ErrorObject::invalid_request(format!("message exceeds the {limit}-byte limit"));
        self.sink.send(encode_error(None, &error));
    }

    /// Takes one frame from the peer. Returns once the frame is answered or
    /// scheduled; waits only when requests are queued to the limit.
    pub async fn feed(&self, frame: &[u8]) {
        self.feed_with(frame, &Extensions::new()).await;
    }

    /// [`Connection::feed`], attaching `extensions` to the frame's requests
    /// (an authenticated identity, say), where middleware and handlers find
    /// them.
    pub async fn feed_with(&self, frame: &[u8], extensions: &Extensions) {
        self.feed_parsed(jsonrpc::parse(frame), Arc::clone(&self.sink), false, extensions).await;
    }

    /// [`Connection::feed`] for a thread outside the runtime, such as one
    /// that reads a pipe: it blocks instead of awaiting.
    ///
    /// A request starts on the calling thread, and goes to the runtime only
    /// if it does not complete at once: a quick tool is answered without
    /// waking another thread. Sync tools therefore run here; one that blocks
    /// should be `#[tool(blocking)]` (or async), so that reading goes on.
    pub fn feed_blocking(&self, frame: &[u8]) {
        let _entered = self.runtime.enter();
        match jsonrpc::parse(frame) {
            Ok(Incoming::Request(request)) if request.known != Some(Method::Initialize) => {
                let cost = self.queue_cost(&request);
                if let Some(job) = self.prepare(request, Arc::clone(&self.sink), false, &Extensions::new()) {
                    let admission = self.try_admit(cost).unwrap_or_else(|| {
                        Admission::Wait(self.runtime.block_on(acquire_many(Arc::clone(&self.waiting), cost)))
                    });
                    job.launch(admission, &self.running, &self.runtime, true);
                }
            }
            parsed => {
                self.runtime.block_on(self.feed_parsed(parsed, Arc::clone(&self.sink), false, &Extensions::new()))
            }
        }
    }

    /// Takes one parsed message whose answers go to `sink`; `own_sink` when
    /// that sink carries this message alone (an HTTP response), so that it
    /// is finished when the answer has been sent. Its requests carry
    /// `extensions`.
    pub(crate) async fn feed_parsed(
        &self,
        parsed: Result<Incoming, Rejected>,
        sink: Sink,
        own_sink: bool,
        extensions: &Extensions,
    ) {
        match parsed {
            Err(rejected) => answer_now(&sink, own_sink, encode_error(rejected.id.as_ref(), &rejected.error)),
            Ok(Incoming::Request(request)) => self.request(request, sink, own_sink, extensions).await,
            Ok(Incoming::Notification(notification)) => self.notify(notification),
            Ok(Incoming::Response { id, outcome }) => self.session.resolve(&id, outcome),
            Ok(Incoming::Batch(items)) => self.batch(items, sink, own_sink, extensions).await,
        }
    }

    async fn request(&self, request: jsonrpc::Request, sink: Sink, own_sink: bool, extensions: &Extensions) {
        if request.known == Some(Method::Initialize) {
            // Answered before the next frame is read, so that pipelined
            // requests behind it find the session initialized.
            let route = Route {
                session: Some(Arc::clone(&self.session)),
                sink: Arc::clone(&sink),
                cancel: tokio_util::sync::CancellationToken::new(),
                extensions: extensions.clone(),
            };
            let frame = self.core.answer(request, None, route).await;
            return answer_now(&sink, own_sink, frame);
        }
        let cost = self.queue_cost(&request);
        if let Some(job) = self.prepare(request, sink, own_sink, extensions) {
            let alone = self.is_idle();
            let admission = self.admit(cost).await;
            job.launch(admission, &self.running, &self.runtime, alone);
        }
    }

    /// Refuses a reused id, answers `ping` at once, or readies the job.
    fn prepare(&self, request: jsonrpc::Request, sink: Sink, own_sink: bool, extensions: &Extensions) -> Option<Job> {
        let ticket = if request.known == Some(Method::Ping) {
            None
        } else {
            Some(self.in_flight.begin(&request.id, &sink, own_sink))
        };
        let frame = match ticket {
            Some(Some(ticket)) => {
                let (core, session) = (Arc::clone(&self.core), Arc::clone(&self.session));
                return Some(Job { core, session, request, ticket, extensions: extensions.clone() });
            }
            None if !self.in_flight.contains(&request.id) => answer_ping(&request),
            _ => reused_id(&request.id),
        };
        answer_now(&sink, own_sink, frame);
        None
    }

    /// Whether no request of this connection is running.
    fn is_idle(&self) -> bool {
        self.running.available_permits() == self.core.limits.max_in_flight
    }

    /// What `request` takes of the queue while it waits for a slot.
    fn queue_cost(&self, request: &jsonrpc::Request) -> u32 {
        let params = request.params.as_ref().map_or(0, |p| p.get().len());
        let bytes = QUEUED_REQUEST_OVERHEAD + request.method.len() + params;
        u32::try_from(bytes).unwrap_or(u32::MAX).min(self.queue_bytes)
    }

    /// A slot to run in at once, or a place in the queue for `cost` bytes.
    fn try_admit(&self, cost: u32) -> Option<Admission> {
        if let Ok(permit) = Arc::clone(&self.running).try_acquire_owned() {
            return Some(Admission::Run(permit));
        }
        Arc::clone(&self.waiting).try_acquire_many_owned(cost).ok().map(Admission::Wait)
    }

    async fn admit(&self, cost: u32) -> Admission {
        match self.try_admit(cost) {
            Some(admission) => admission,
            None => Admission::Wait(acquire_many(Arc::clone(&self.waiting), cost).await),
        }
    }

    /// A batch (2025-03-26 sessions only).
    async fn batch(
        &self,
        items: Vec<Result<Incoming, Rejected>>,
        answer: Sink,
        own_sink: bool,
        extensions: &Extensions,
    ) {
        let version = self.session.protocol_version();
        if !version.is_some_and(ProtocolVersion::allows_batches) {
            let shown = version.map_or("none negotiated yet".into(), |v| v.to_string());
            let error = ErrorObject::invalid_request(format!(
                "JSON-RPC batches are only part of protocol revision 2025-03-26 (this session: {shown})"
            ));
            return answer_now(&answer, own_sink, encode_error(None, &error));
        }
        // Its requests run side by side in one slot: no more of them than
        // the connection runs at once.
        let most = self.core.limits.max_in_flight;
        if items.len() > most {
            let error = ErrorObject::invalid_request(format!(
                "a batch holds at most {most} messages (this server's max_in_flight); this one has {}",
                items.len()
            ));
            return answer_now(&answer, own_sink, encode_error(None, &error));
        }
        let mut job = BatchJob {
            core: Arc::clone(&self.core),
            session: Arc::clone(&self.session),
            requests: Vec::new(),
            frames: Vec::new(),
            answer,
            own_sink,
            extensions: extensions.clone(),
        };
        for item in items {
            self.sort_into(item, &mut job);
        }
        let cost = job.requests.iter().map(|(r, _)| self.queue_cost(r)).fold(0, u32::saturating_add);
        let admission = if job.requests.is_empty() { None } else { Some(self.admit(cost.min(self.queue_bytes)).await) };
        job.launch(admission, &self.running, &self.runtime);
    }

    /// One member of a batch: a request to run, or an answer known at once.
    fn sort_into(&self, item: Result<Incoming, Rejected>, job: &mut BatchJob) {
        match item {
            Ok(Incoming::Request(r)) if r.known == Some(Method::Initialize) => {
                let e = ErrorObject::invalid_request("`initialize` must not be part of a batch");
                job.frames.push(encode_error(Some(&r.id), &e));
            }
            Ok(Incoming::Request(r)) if r.known == Some(Method::Ping) && !self.in_flight.contains(&r.id) => {
                job.frames.push(answer_ping(&r));
            }
            Ok(Incoming::Request(r)) => match self.in_flight.begin(&r.id, &self.sink, false) {
                Some(ticket) => job.requests.push((r, ticket)),
                None => job.frames.push(reused_id(&r.id)),
            },
            Ok(Incoming::Notification(n)) => self.notify(n),
            Ok(Incoming::Response { id, outcome }) => self.session.resolve(&id, outcome),
            Ok(Incoming::Batch(_)) => {}
            Err(rejected) => job.frames.push(encode_error(rejected.id.as_ref(), &rejected.error)),
        }
    }

    fn notify(&self, notification: Notification) {
        match Notice::parse(&notification.method) {
            Some(Notice::Initialized) => {}
            Some(Notice::Cancelled) => {
                let params = notification.params.and_then(|p| serde_json::from_str::<CancelledParams>(p.get()).ok());
                let Some(params) = params else {
                    tracing::debug!("ignoring a malformed notifications/cancelled");
                    return;
                };
                let found = self.in_flight.cancel(&params.request_id);
                tracing::debug!(id = %params.request_id, found, reason = ?params.reason, "cancel requested");
            }
            _ => tracing::debug!(method = &*notification.method, "ignoring notification"),
        }
    }

    /// The connection's own sink.
    #[cfg(feature = "server-http")]
    pub(crate) fn sink(&self) -> Sink {
        Arc::clone(&self.sink)
    }

    /// The session-era state of this connection.
    #[cfg(feature = "server-http")]
    pub(crate) fn session(&self) -> &Arc<Session> {
        &self.session
    }

    /// Closes the session (its listen streams end, and requests it sent the
    /// client fail), then waits until every request in flight or waiting
    /// has been answered.
    pub async fn close(&self) {
        self.session.close();
        let _all_waiting = self.waiting.acquire_many(self.queue_bytes).await;
        let running = u32::try_from(self.core.limits.max_in_flight).unwrap_or(u32::MAX);
        let _all_running = self.running.acquire_many(running).await;
    }
}

/// Sends an answer known at once; finishes a sink that carries it alone.
fn answer_now(sink: &Sink, own_sink: bool, frame: Vec<u8>) {
    sink.send(frame);
    if own_sink {
        sink.finish();
    }
}

/// The answer to `ping`: `{}`, or `-32601` under 2026-07-28, which removed it.
fn answer_ping(request: &jsonrpc::Request) -> Vec<u8> {
    match stateless_scope(request.params.as_deref()) {
        Ok(None) => encode_result(&request.id, &serde_json::json!({})),
        Ok(Some(_)) => encode_error(Some(&request.id), &ErrorObject::method_not_found("ping")),
        Err(error) => encode_error(Some(&request.id), &error),
    }
}

/// The answer to a request whose id is already in flight.
fn reused_id(id: &RequestId) -> Vec<u8> {
    let error = ErrorObject::invalid_request(format!("request id {id} is already in use"));
    encode_error(Some(id), &error)
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").field("server", &self.core.info.name).finish_non_exhaustive()
    }
}
