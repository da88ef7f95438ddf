//! [`Connection`]: the public connection core every transport is written
//! against. A transport connects a sink, feeds the frames its peer sends,
//! and closes the connection when the peer goes away.
//!
//! The core parses each frame once, answers what it can at once (parse
//! errors, `ping`, cancellations, responses to the server's own requests),
//! and runs requests concurrently, at most `max_in_flight` at a time. More
//! requests wait in a bounded queue; when that is full too, `feed` waits,
//! and the transport should stop reading: that is the backpressure. Frames
//! that are not requests never wait behind the bound, so a client can
//! always cancel or ping.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::runtime::Handle;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;

use super::Service;
use crate::protocol::jsonrpc::{self, encode_error, encode_result, Incoming, Notification, Rejected};
use crate::protocol::scope::stateless_scope;
use crate::protocol::types::CancelledParams;
use crate::protocol::{ErrorObject, RequestId, Sink};
use crate::server::call::Route;
use crate::server::core::ServerCore;
use crate::server::session::Session;

/// How many requests may wait for a slot, per slot.
const WAITING_PER_SLOT: usize = 4;

/// One client connection to a served server.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use mcp_runtime::prelude::*;
/// use mcp_runtime::protocol::Outbound;
/// use mcp_runtime::transport::{Connection, Service};
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
/// let service = Service::new(Server::new("core")).expect("a valid server");
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
    waiting: Arc<Semaphore>,
    runtime: Handle,
}

/// The requests of a connection that have not been answered, by id.
#[derive(Default)]
struct InFlight {
    requests: Mutex<HashMap<RequestId, (u64, CancellationToken)>>,
    next: AtomicU64,
}

impl InFlight {
    /// Registers a request; `None` when its id is already in use.
    fn begin(&self, id: &RequestId) -> Option<(u64, CancellationToken)> {
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        if requests.contains_key(id) {
            return None;
        }
        let entry = (self.next.fetch_add(1, Ordering::Relaxed), CancellationToken::new());
        requests.insert(id.clone(), entry.clone());
        Some(entry)
    }

    fn contains(&self, id: &RequestId) -> bool {
        self.requests.lock().unwrap_or_else(PoisonError::into_inner).contains_key(id)
    }

    /// Frees the id of a request that ended (unless it was reused since).
    fn end(&self, id: &RequestId, generation: u64) {
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        if requests.get(id).is_some_and(|(g, _)| *g == generation) {
            requests.remove(id);
        }
    }

    /// Cancels a request; whether it was in flight.
    fn cancel(&self, id: &RequestId) -> bool {
        let removed = self.requests.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
        removed.map(|(_, token)| token.cancel()).is_some()
    }
}

/// How a request got its turn: a slot to run in, or a place in the queue.
enum Admission {
    Run(OwnedSemaphorePermit),
    Wait(OwnedSemaphorePermit),
}

/// One request on its way: everything its task needs.
struct Job {
    core: Arc<ServerCore>,
    session: Arc<Session>,
    in_flight: Arc<InFlight>,
    request: jsonrpc::Request,
    generation: u64,
    cancel: CancellationToken,
    sink: Sink,
    /// The sink carries this request alone: finish it when the request ends.
    own_sink: bool,
}

impl Connection {
    /// A connection to `service` whose outgoing frames go to `sink`.
    ///
    /// # Panics
    /// When called outside a tokio runtime.
    pub fn new(service: &Service, sink: Sink) -> Self {
        Self::with_core(Arc::clone(&service.core), sink, None)
    }

    /// A connection whose session has the id `session_id` (made up without).
    pub(crate) fn with_core(core: Arc<ServerCore>, sink: Sink, session_id: Option<String>) -> Self {
        let slots = core.limits.max_in_flight;
        let session = Session::new(&core.registry, Arc::clone(&sink), session_id);
        Connection {
            core,
            session,
            sink,
            in_flight: Arc::default(),
            running: Arc::new(Semaphore::new(slots)),
            waiting: Arc::new(Semaphore::new(slots * WAITING_PER_SLOT)),
            runtime: Handle::current(),
        }
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
        self.feed_parsed(jsonrpc::parse(frame), Arc::clone(&self.sink), false).await;
    }

    /// [`Connection::feed`] for a thread outside the runtime, such as one
    /// that reads a pipe: it blocks instead of awaiting.
    pub fn feed_blocking(&self, frame: &[u8]) {
        let _entered = self.runtime.enter();
        match jsonrpc::parse(frame) {
            Ok(Incoming::Request(request)) if &*request.method != "initialize" => {
                let sink = Arc::clone(&self.sink);
                if let Some(job) = self.prepare(request, sink, false) {
                    let admission = self.try_admit().unwrap_or_else(|| {
                        let waiting = Arc::clone(&self.waiting);
                        Admission::Wait(self.runtime.block_on(acquire(waiting)))
                    });
                    self.launch(job, admission);
                }
            }
            parsed => self.runtime.block_on(self.feed_parsed(parsed, Arc::clone(&self.sink), false)),
        }
    }

    /// Takes one parsed message whose answers go to `sink`; `own_sink` when
    /// that sink carries this message alone (an HTTP response), so that it
    /// is finished when the answer has been sent.
    pub(crate) async fn feed_parsed(&self, parsed: Result<Incoming, Rejected>, sink: Sink, own_sink: bool) {
        match parsed {
            Err(rejected) => sink.send(encode_error(rejected.id.as_ref(), &rejected.error)),
            Ok(Incoming::Request(request)) => self.request(request, sink, own_sink).await,
            Ok(Incoming::Notification(notification)) => self.notify(notification),
            Ok(Incoming::Response { id, outcome }) => self.session.resolve(&id, outcome),
            Ok(Incoming::Batch(items)) => self.batch(items, sink).await,
        }
    }

    async fn request(&self, request: jsonrpc::Request, sink: Sink, own_sink: bool) {
        if &*request.method == "initialize" {
            // Answered before the next frame is read, so that pipelined
            // requests behind it find the session initialized.
            let route = Route {
                session: Some(Arc::clone(&self.session)),
                sink: Arc::clone(&sink),
                cancel: CancellationToken::new(),
            };
            sink.send(self.core.answer(request, None, route).await);
            if own_sink {
                sink.finish();
            }
            return;
        }
        if let Some(job) = self.prepare(request, sink, own_sink) {
            let admission = self.admit().await;
            self.launch(job, admission);
        }
    }

    /// Refuses a reused id, answers `ping` at once, or readies the job.
    fn prepare(&self, request: jsonrpc::Request, sink: Sink, own_sink: bool) -> Option<Job> {
        let admitted = if &*request.method == "ping" { None } else { Some(self.in_flight.begin(&request.id)) };
        let frame = match admitted {
            Some(Some((generation, cancel))) => {
                let (core, session, in_flight) =
                    (Arc::clone(&self.core), Arc::clone(&self.session), Arc::clone(&self.in_flight));
                return Some(Job { core, session, in_flight, request, generation, cancel, sink, own_sink });
            }
            None if !self.in_flight.contains(&request.id) => answer_ping(&request),
            _ => reused_id(&request.id),
        };
        sink.send(frame);
        if own_sink {
            sink.finish();
        }
        None
    }

    fn try_admit(&self) -> Option<Admission> {
        if let Ok(permit) = Arc::clone(&self.running).try_acquire_owned() {
            return Some(Admission::Run(permit));
        }
        Arc::clone(&self.waiting).try_acquire_owned().ok().map(Admission::Wait)
    }

    async fn admit(&self) -> Admission {
        match self.try_admit() {
            Some(admission) => admission,
            None => Admission::Wait(acquire(Arc::clone(&self.waiting)).await),
        }
    }

    fn launch(&self, job: Job, admission: Admission) {
        match admission {
            Admission::Run(permit) => {
                self.runtime.spawn(job.run(permit));
            }
            Admission::Wait(place) => {
                let running = Arc::clone(&self.running);
                self.runtime.spawn(async move {
                    let permit = tokio::select! {
                        biased;
                        () = job.cancel.cancelled() => return job.abandon(),
                        permit = acquire(running) => permit,
                    };
                    drop(place);
                    job.run(permit).await;
                });
            }
        }
    }

    /// A batch (2025-03-26): its requests run side by side, and their
    /// answers go out as one array.
    async fn batch(&self, items: Vec<Result<Incoming, Rejected>>, sink: Sink) {
        let version = self.session.protocol_version();
        if !version.is_some_and(crate::protocol::ProtocolVersion::allows_batches) {
            let shown = version.map_or("none negotiated yet".into(), |v| v.to_string());
            let error = ErrorObject::invalid_request(format!(
                "JSON-RPC batches are only part of protocol revision 2025-03-26 (this session: {shown})"
            ));
            sink.send(encode_error(None, &error));
            return;
        }
        let mut jobs = Vec::new();
        let mut frames = Vec::new();
        for item in items {
            match item {
                Ok(Incoming::Request(r)) if &*r.method == "initialize" => {
                    let e = ErrorObject::invalid_request("`initialize` must not be part of a batch");
                    frames.push(encode_error(Some(&r.id), &e));
                }
                Ok(Incoming::Request(r)) if &*r.method == "ping" && !self.in_flight.contains(&r.id) => {
                    frames.push(answer_ping(&r));
                }
                Ok(Incoming::Request(r)) => match self.in_flight.begin(&r.id) {
                    Some((generation, cancel)) => jobs.push((r, generation, cancel)),
                    None => frames.push(reused_id(&r.id)),
                },
                Ok(Incoming::Notification(n)) => self.notify(n),
                Ok(Incoming::Response { id, outcome }) => self.session.resolve(&id, outcome),
                Ok(Incoming::Batch(_)) => {}
                Err(rejected) => frames.push(encode_error(rejected.id.as_ref(), &rejected.error)),
            }
        }
        let admission = if jobs.is_empty() { None } else { Some(self.admit().await) };
        let (core, session, in_flight) =
            (Arc::clone(&self.core), Arc::clone(&self.session), Arc::clone(&self.in_flight));
        self.runtime.spawn(async move {
            let _slot = admission;
            let answers = jobs.into_iter().map(|(request, generation, cancel)| {
                let route =
                    Route { session: Some(Arc::clone(&session)), sink: Arc::clone(&sink), cancel: cancel.clone() };
                let (core, in_flight) = (Arc::clone(&core), Arc::clone(&in_flight));
                async move {
                    let id = request.id.clone();
                    let frame = tokio::select! {
                        biased;
                        () = cancel.cancelled() => None,
                        frame = core.answer(request, None, route) => Some(frame),
                    };
                    in_flight.end(&id, generation);
                    frame
                }
            });
            frames.extend(futures_util::future::join_all(answers).await.into_iter().flatten());
            if !frames.is_empty() {
                sink.send(join_batch(frames));
            }
        });
    }

    fn notify(&self, notification: Notification) {
        match &*notification.method {
            "notifications/initialized" => {}
            "notifications/cancelled" => {
                let params = notification.params.and_then(|p| serde_json::from_str::<CancelledParams>(p.get()).ok());
                let Some(params) = params else {
                    tracing::debug!("ignoring a malformed notifications/cancelled");
                    return;
                };
                let found = self.in_flight.cancel(&params.request_id);
                tracing::debug!(id = %params.request_id, found, reason = ?params.reason, "cancel requested");
            }
            other => tracing::debug!(method = other, "ignoring notification"),
        }
    }

    /// The connection's own sink.
    #[cfg(feature = "http")]
    pub(crate) fn sink(&self) -> Sink {
        Arc::clone(&self.sink)
    }

    /// The session-era state of this connection.
    #[cfg(feature = "http")]
    pub(crate) fn session(&self) -> &Arc<Session> {
        &self.session
    }

    /// Ends the connection's listen streams, then waits until every request
    /// in flight or waiting has been answered.
    pub async fn close(&self) {
        self.session.end_listens();
        let waiting = self.core.limits.max_in_flight * WAITING_PER_SLOT;
        let _all_waiting = self.waiting.acquire_many(u32::try_from(waiting).unwrap_or(u32::MAX)).await;
        let running = u32::try_from(self.core.limits.max_in_flight).unwrap_or(u32::MAX);
        let _all_running = self.running.acquire_many(running).await;
    }
}

impl Job {
    async fn run(self, permit: OwnedSemaphorePermit) {
        let id = self.request.id.clone();
        let route = Route { session: Some(self.session), sink: Arc::clone(&self.sink), cancel: self.cancel.clone() };
        let frame = tokio::select! {
            biased;
            () = self.cancel.cancelled() => None,
            frame = self.core.answer(self.request, None, route) => Some(frame),
        };
        self.in_flight.end(&id, self.generation);
        if let Some(frame) = frame {
            self.sink.send(frame);
        }
        if self.own_sink {
            self.sink.finish();
        }
        drop(permit);
    }

    /// A request cancelled while it waited for a slot: it is never answered.
    fn abandon(self) {
        self.in_flight.end(&self.request.id, self.generation);
        if self.own_sink {
            self.sink.finish();
        }
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

/// A permit from a semaphore this connection never closes.
async fn acquire(semaphore: Arc<Semaphore>) -> OwnedSemaphorePermit {
    match semaphore.acquire_owned().await {
        Ok(permit) => permit,
        Err(_) => unreachable!("a connection never closes its semaphores"),
    }
}

fn join_batch(frames: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(frames.iter().map(|f| f.len() + 1).sum::<usize>() + 2);
    out.push(b'[');
    for (i, frame) in frames.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(frame);
    }
    out.push(b']');
    out
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").field("server", &self.core.info.name).finish_non_exhaustive()
    }
}
