//! Request streams shared through an [`EventLog`]: a writer copies the
//! events of this instance's kept streams to the log, a heartbeat says
//! this instance is alive, and a follower serves another instance's
//! stream to a client that resumed it here. A followed stream whose
//! instance stopped beating ends with a JSON-RPC error for its request,
//! so that the client learns its call was lost instead of waiting forever.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use axum::http::StatusCode;
use axum::response::Response;

use crate::protocol::jsonrpc::encode_error;
use crate::protocol::{ErrorObject, RequestId};
use crate::store::{EventLog, EventPage, StoreError};
use crate::transport::http::checks::guard::error_response;
use crate::transport::http::scale_out::shared_sessions::store_unavailable;
use crate::transport::http::sessions::answers::resumed;
use crate::transport::http::sessions::resumption::{
    event_channel, is_session_stream, owner_of, parse_event_id, Append, Event, EventRx, EventWriter, StreamLog,
};
use crate::transport::http::sessions::state::HttpState;

/// Appends waiting to be written; more are dropped.
const BACKLOG: usize = 4096;
/// How often this instance says it is alive, and for how long each time.
const BEAT_EVERY: Duration = Duration::from_secs(1);
const BEAT_TTL: Duration = Duration::from_secs(5);
/// How long a follower waits for new events before it checks on the
/// stream's instance.
const QUIET: Duration = Duration::from_secs(1);

/// Starts the writer and the heartbeat (which stops once `state` is
/// gone).
pub(in crate::transport::http) fn start(log: &Arc<dyn EventLog>, ttl: Duration, state: Weak<HttpState>) -> EventWriter {
    let (queue, rx) = mpsc::channel(BACKLOG);
    let failing = Arc::new(AtomicBool::new(false));
    tokio::spawn(write(Arc::clone(log), rx, ttl, Arc::clone(&failing)));
    tokio::spawn(beat(Arc::clone(log), state));
    EventWriter { queue, failing }
}

/// How many times an append is tried while the log answers, and the first
/// pause between tries (doubled each time).
const ATTEMPTS: u32 = 3;
const RETRY_AFTER: Duration = Duration::from_millis(100);

/// Writes appends in order, one stream's after another's. An append that
/// fails is tried again; while the log is unreachable, each gets one try,
/// so that the queue keeps moving, and the outage is logged once.
async fn write(log: Arc<dyn EventLog>, mut rx: mpsc::Receiver<Append>, ttl: Duration, shared: Arc<AtomicBool>) {
    let mut failing = false;
    while let Some(mut append) = rx.recv().await {
        let attempts = if failing { 1 } else { ATTEMPTS };
        let tried = append_tried(log.as_ref(), &append, ttl, attempts).await;
        if let Some(written) = append.written.take() {
            let _ = written.send(());
        }
        match tried {
            Ok(()) if failing => {
                failing = false;
                tracing::info!("request streams are shared with other instances again");
            }
            Ok(()) => {}
            Err(e) => {
                crate::observe::store_error("append");
                if !failing {
                    tracing::warn!("request streams are not shared with other instances for now: {e}");
                }
                failing = true;
            }
        }
        shared.store(failing, Ordering::Relaxed);
    }
}

async fn append_tried(log: &dyn EventLog, append: &Append, ttl: Duration, attempts: u32) -> Result<(), StoreError> {
    let mut pause = RETRY_AFTER;
    let mut tried = 1;
    loop {
        match log.append(&append.key, append.request.as_deref(), &append.events, append.end, ttl).await {
            Ok(()) => return Ok(()),
            Err(e) if tried >= attempts => return Err(e),
            Err(_) => {
                tokio::time::sleep(pause).await;
                pause *= 2;
                tried += 1;
            }
        }
    }
}

/// Beats while the server lives, shutdown included: an instance shutting
/// down still answers the calls in flight, and its streams still count.
async fn beat(log: Arc<dyn EventLog>, state: Weak<HttpState>) {
    let instance = owner_of(u64::from(crate::util::instance_tag()) << 32);
    let mut tick = tokio::time::interval(BEAT_EVERY);
    while state.strong_count() > 0 {
        if let Err(e) = log.beat(&instance, BEAT_TTL).await {
            crate::observe::store_error("beat");
            tracing::debug!("heartbeat not recorded: {e}");
        }
        tick.tick().await;
    }
}

/// The longest a stream's first events wait to be shared before they go
/// to the client anyway (a round trip to Redis is well under 1 ms).
const WRITE_AHEAD: Duration = Duration::from_millis(250);

/// How often, and how long apart, a resumption looks again for a stream
/// the log does not know yet (its first events may be on their way).
const LOOKS: u32 = 4;
const LOOK_AGAIN_AFTER: Duration = Duration::from_millis(100);

impl HttpState {
    /// Starts sharing request streams through the options' event log.
    pub(in crate::transport::http) fn share_streams(self: &Arc<Self>) {
        if let Some(log) = &self.options.event_log {
            let writer = start(log, self.options.session_idle_timeout, Arc::downgrade(self));
            let _ = self.event_writer.set(writer);
        }
    }

    /// Copies a kept request stream of session `session` to the shared
    /// event log, if there is one. Returns once its first events are
    /// written (or after [`WRITE_AHEAD`]), so that no client holds an
    /// event id another instance cannot find, should this one die; while
    /// the log is failing or its queue is half full, it does not wait.
    pub(in crate::transport::http) async fn mirror(
        &self,
        session: &str,
        log: &StreamLog,
        request: &crate::protocol::RequestId,
    ) {
        let Some(writer) = self.event_writer.get() else { return };
        let request = serde_json::to_string(request).unwrap_or_default();
        let written = log.mirror_to(format!("{session}:{}", log.id).into(), writer.queue.clone(), request);
        let behind = writer.failing.load(Ordering::Relaxed) || writer.queue.capacity() < BACKLOG / 2;
        if !behind {
            let _ = tokio::time::timeout(WRITE_AHEAD, written).await;
        }
    }

    /// Resumes a stream of session `session` this instance does not hold.
    /// `None` for the session's GET stream (the caller opens this
    /// instance's); for a request's stream, the events the shared log
    /// keeps, followed, or 410 when it keeps none.
    pub(in crate::transport::http) async fn resume_elsewhere(
        &self,
        session: &str,
        last_event_id: &str,
    ) -> Option<Response> {
        let (stream, after) = parse_event_id(last_event_id)?;
        if is_session_stream(stream) {
            return None;
        }
        let Some(log) = self.options.event_log.clone() else { return Some(stream_gone()) };
        let key = format!("{session}:{stream}");
        let mut pause = LOOK_AGAIN_AFTER;
        for look in 1..=LOOKS {
            match log.read(&key, after, Duration::ZERO).await {
                Ok(page) if page.found => {
                    tracing::info!(
                        session,
                        stream,
                        after,
                        "resuming a stream that instance {} holds",
                        owner_of(stream)
                    );
                    let rx = follow(Followed { log, key, stream }, page, after, self.closing.clone());
                    return Some(resumed(rx, StreamLog::detached(stream), after, true));
                }
                Ok(_) if look < LOOKS => {
                    tokio::time::sleep(pause).await;
                    pause *= 2;
                }
                Ok(_) => break,
                Err(e) => return Some(store_unavailable("read", &e)),
            }
        }
        Some(stream_gone())
    }
}

/// 410 for a `Last-Event-ID` whose stream is kept nowhere (it ended long
/// ago, or its events were never shared).
fn stream_gone() -> Response {
    let e = ErrorObject::invalid_request(
        "the stream this Last-Event-ID points into is no longer available; send the request again",
    );
    error_response(StatusCode::GONE, None, &e)
}

/// Where a followed stream is read from.
struct Followed {
    log: Arc<dyn EventLog>,
    /// The stream's key in the log.
    key: String,
    stream: u64,
}

/// Serves stream `followed` after event `after`, starting with `first`
/// (already read), until it ends, its reader goes away, or the server
/// shuts down.
fn follow(followed: Followed, first: EventPage, after: u64, closing: CancellationToken) -> EventRx {
    let (tx, rx) = event_channel();
    tokio::spawn(async move {
        let mut after = after;
        let mut page = first;
        loop {
            let quiet = page.events.is_empty();
            for event in page.events {
                after = event.0;
                // Waits for a slow reader (the log keeps the events
                // meanwhile), or for the server to shut down.
                let sent = tokio::select! {
                    sent = tx.send(event) => sent.is_ok(),
                    () = closing.cancelled() => false,
                };
                if !sent {
                    return;
                }
            }
            if page.ended || !page.found || tx.is_closed() || closing.is_cancelled() {
                return;
            }
            if quiet && !owner_alive(&followed).await {
                if let Some(event) = lost(&followed, after).await {
                    let _ = tx.send(event).await;
                }
                return;
            }
            page = match followed.log.read(&followed.key, after, QUIET).await {
                Ok(page) => page,
                Err(e) => {
                    tracing::warn!(stream = %followed.key, "a resumed stream could not be read: {e}");
                    return;
                }
            };
        }
    });
    rx
}

/// Whether the instance holding the stream still beats; an unreachable
/// store counts as alive (the follower then ends at the next read).
async fn owner_alive(followed: &Followed) -> bool {
    followed.log.alive(&owner_of(followed.stream)).await.unwrap_or(true)
}

/// The error that ends a stream whose instance died before it answered.
async fn lost(followed: &Followed, after: u64) -> Option<Event> {
    let request = followed.log.request_of(&followed.key).await.ok().flatten()?;
    let id: RequestId = serde_json::from_str(&request).ok()?;
    tracing::warn!(stream = %followed.key, "the instance that held a resumed stream stopped; its request is lost");
    let error = ErrorObject::internal(
        "the server instance running this request stopped before it answered; \
         the request may or may not have taken effect",
    );
    Some((after.saturating_add(1), encode_error(Some(&id), &error)))
}
