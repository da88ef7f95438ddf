//! Request streams shared through an [`EventLog`]: a writer copies the
//! events of this instance's kept streams to the log, a heartbeat says
//! this instance is alive, and a follower serves another instance's
//! stream to a client that resumed it here. A followed stream whose
//! instance stopped beating ends with a JSON-RPC error for its request,
//! so that the client learns its call was lost instead of waiting forever.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use axum::response::Response;

use super::resume::{owner_of, parse_event_id, Append, Event, EventRx, StreamLog};
use super::shared::store_unavailable;
use super::state::HttpState;
use super::stream::resumed;
use crate::protocol::jsonrpc::encode_error;
use crate::protocol::{ErrorObject, RequestId};
use crate::store::{EventLog, EventPage};

/// Appends waiting to be written; more are dropped.
const BACKLOG: usize = 4096;
/// How often this instance says it is alive, and for how long each time.
const BEAT_EVERY: Duration = Duration::from_secs(1);
const BEAT_TTL: Duration = Duration::from_secs(5);
/// How long a follower waits for new events before it checks on the
/// stream's instance.
const QUIET: Duration = Duration::from_secs(1);

/// Starts the writer and the heartbeat; the writer's queue.
pub(super) fn start(log: &Arc<dyn EventLog>, ttl: Duration) -> mpsc::Sender<Append> {
    let (tx, rx) = mpsc::channel(BACKLOG);
    tokio::spawn(write(Arc::clone(log), rx, ttl));
    tokio::spawn(beat(Arc::clone(log)));
    tx
}

/// After a failed append, how long appends are dropped without trying.
const PAUSE_AFTER_FAILURE: Duration = Duration::from_secs(1);

/// Writes appends in order, one stream's after another's. While the log is
/// unreachable, appends are dropped (and counted) rather than each wait
/// for a timeout, and the outage is logged once.
async fn write(log: Arc<dyn EventLog>, mut rx: mpsc::Receiver<Append>, ttl: Duration) {
    let mut paused_until: Option<tokio::time::Instant> = None;
    let mut failing = false;
    while let Some(append) = rx.recv().await {
        if paused_until.is_some_and(|until| tokio::time::Instant::now() < until) {
            crate::observe::store_error("append");
            continue;
        }
        match log.append(&append.key, append.request.as_deref(), &append.events, append.end, ttl).await {
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
                paused_until = Some(tokio::time::Instant::now() + PAUSE_AFTER_FAILURE);
            }
        }
    }
}

/// Beats until the process ends: an instance shutting down still answers
/// the calls in flight, and its streams still count.
async fn beat(log: Arc<dyn EventLog>) {
    let instance = owner_of(u64::from(crate::util::instance_tag()) << 32);
    let mut tick = tokio::time::interval(BEAT_EVERY);
    loop {
        tick.tick().await;
        if let Err(e) = log.beat(&instance, BEAT_TTL).await {
            crate::observe::store_error("beat");
            tracing::debug!("heartbeat not recorded: {e}");
        }
    }
}

impl HttpState {
    /// Starts sharing request streams through the options' event log.
    pub(super) fn share_streams(&self) {
        if let Some(log) = &self.options.event_log {
            let _ = self.event_writer.set(start(log, self.options.session_idle_timeout));
        }
    }

    /// Copies a kept request stream of session `session` to the shared
    /// event log, if there is one.
    pub(super) fn mirror(&self, session: &str, log: &StreamLog, request: &crate::protocol::RequestId) {
        let Some(writer) = self.event_writer.get() else { return };
        let request = serde_json::to_string(request).unwrap_or_default();
        log.mirror_to(format!("{session}:{}", log.id).into(), writer.clone(), request);
    }

    /// Resumes, from the shared event log, a stream of session `session`
    /// that another instance holds; `None` when the log does not know it.
    pub(super) async fn resume_shared(&self, session: &str, last_event_id: &str) -> Option<Response> {
        let log = self.options.event_log.clone()?;
        let (stream, after) = parse_event_id(last_event_id)?;
        let key = format!("{session}:{stream}");
        let first = match log.read(&key, after, Duration::ZERO).await {
            Ok(page) if page.found => page,
            Ok(_) => return None,
            Err(e) => return Some(store_unavailable("read", &e)),
        };
        tracing::info!(session, stream, after, "resuming a stream that instance {} holds", owner_of(stream));
        let rx = follow(Followed { log, key, stream }, first, after, self.closing.clone());
        Some(resumed(rx, StreamLog::detached(stream), after, true))
    }
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
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut after = after;
        let mut page = first;
        loop {
            let quiet = page.events.is_empty();
            for event in page.events {
                after = event.0;
                if tx.send(event).is_err() {
                    return;
                }
            }
            if page.ended || !page.found || tx.is_closed() || closing.is_cancelled() {
                return;
            }
            if quiet && !owner_alive(&followed).await {
                if let Some(event) = lost(&followed, after).await {
                    let _ = tx.send(event);
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
    Some((after + 1, encode_error(Some(&id), &error)))
}
