//! Resumable SSE streams for the session era (2025-11-25): every event of a
//! session's streams gets an id `<stream>-<n>`, unique within the session;
//! each stream keeps its recent events, so that a client whose connection
//! broke can `GET` with `Last-Event-ID` and receive what followed.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::mpsc;

use crate::protocol::Outbound;

/// The most events one stream keeps for replay.
const KEPT_EVENTS: usize = 1024;
/// The most streams one session keeps (the oldest finished ones go first).
const KEPT_STREAMS: usize = 64;

/// One event: its number within the stream, and the JSON frame.
pub(super) type Event = (u64, Vec<u8>);
/// Where a connected client reads a stream's events.
pub(super) type EventRx = mpsc::UnboundedReceiver<Event>;

/// One SSE stream of a session: its recent events and its connected reader.
pub(super) struct StreamLog {
    pub(super) id: u64,
    state: Mutex<LogState>,
}

#[derive(Default)]
struct LogState {
    events: VecDeque<Event>,
    next: u64,
    live: Option<mpsc::UnboundedSender<Event>>,
    finished: bool,
}

impl StreamLog {
    /// Attaches a reader, replaying the events after `after` first.
    pub(super) fn attach(&self, after: Option<u64>) -> EventRx {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(after) = after {
            for event in state.events.iter().filter(|(n, _)| *n > after) {
                let _ = tx.send(event.clone());
            }
        }
        // A finished stream replays what it kept, then ends.
        if !state.finished {
            state.live = Some(tx);
        }
        rx
    }

    /// Marks the stream finished: its request was answered or cancelled.
    /// The connected reader sees the end of the stream.
    pub(super) fn mark_finished(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.finished = true;
        state.live = None;
    }

    fn is_finished(&self) -> bool {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).finished
    }
}

impl Outbound for StreamLog {
    fn send(&self, frame: Vec<u8>) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.next += 1;
        let event = (state.next, frame);
        if state.live.as_ref().is_some_and(|live| live.send(event.clone()).is_err()) {
            state.live = None;
        }
        state.events.push_back(event);
        if state.events.len() > KEPT_EVENTS {
            state.events.pop_front();
        }
    }

    fn finish(&self) {
        self.mark_finished();
    }
}

/// All resumable streams of one session.
#[derive(Default)]
pub(super) struct Streams {
    next: AtomicU64,
    /// The streams a client may resume, oldest first.
    kept: Mutex<BTreeMap<u64, Arc<StreamLog>>>,
}

impl Streams {
    /// A new stream, not yet kept for resumption.
    pub(super) fn new_log(&self) -> Arc<StreamLog> {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        Arc::new(StreamLog { id, state: Mutex::default() })
    }

    /// A new stream, kept for resumption from the start.
    pub(super) fn open(&self) -> Arc<StreamLog> {
        let log = self.new_log();
        self.keep(&log);
        log
    }

    /// Keeps a stream for resumption; past the limit, the oldest finished
    /// one goes.
    pub(super) fn keep(&self, log: &Arc<StreamLog>) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() >= KEPT_STREAMS {
            let oldest_finished = kept.iter().find(|(_, l)| l.is_finished()).map(|(id, _)| *id);
            if let Some(oldest) = oldest_finished {
                kept.remove(&oldest);
            }
        }
        kept.insert(log.id, Arc::clone(log));
    }

    /// The stream a `Last-Event-ID` (`<stream>-<n>`) points into, and `n`.
    pub(super) fn find(&self, last_event_id: &str) -> Option<(Arc<StreamLog>, u64)> {
        let (stream, n) = last_event_id.split_once('-')?;
        let (stream, n) = (stream.parse::<u64>().ok()?, n.parse::<u64>().ok()?);
        let log = self.kept.lock().unwrap_or_else(PoisonError::into_inner).get(&stream).cloned()?;
        Some((log, n))
    }
}
