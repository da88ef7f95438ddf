//! Resumable SSE streams for the session era (2025-11-25): every event of a
//! session's streams gets an id `<stream>-<n>`, unique within the session;
//! each stream keeps its recent events, so that a client whose connection
//! broke can `GET` with `Last-Event-ID` and receive what followed. Stream
//! numbers start at this process's tag (shifted 32 bits up), so that they
//! are unique across instances and name the one that holds the stream.
//!
//! With a shared [`crate::store::EventLog`], a request's stream is also
//! mirrored there once it is kept, so that another instance can resume it.

use crate::util::MutexExt;
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, oneshot};

use crate::transport::http::sessions::sinks::warn_behind as warn_reader_behind;

use crate::protocol::Outbound;

/// The most events one stream keeps for replay.
const KEPT_EVENTS: usize = 1024;
/// The most streams one session keeps (the oldest finished ones go first).
const KEPT_STREAMS: usize = 64;

/// One event: its number within the stream, and the JSON frame.
pub(in crate::transport::http) type Event = (u64, Vec<u8>);
/// Where a connected client reads a stream's events.
pub(in crate::transport::http) type EventRx = mpsc::Receiver<Event>;
/// Where a stream's events go to its reader.
pub(in crate::transport::http) type EventTx = mpsc::Sender<Event>;

/// The most events queued for a stream's reader.
pub(in crate::transport::http) const QUEUED_EVENTS: usize = 4096;

/// A channel for a stream's reader, bounded at [`QUEUED_EVENTS`].
pub(in crate::transport::http) fn event_channel() -> (EventTx, EventRx) {
    mpsc::channel(QUEUED_EVENTS)
}

/// One SSE stream of a session: its recent events and its connected reader.
pub(in crate::transport::http) struct StreamLog {
    pub(in crate::transport::http) id: u64,
    state: Mutex<LogState>,
}

#[derive(Default)]
struct LogState {
    events: VecDeque<Event>,
    next: u64,
    live: Option<EventTx>,
    finished: bool,
    /// Where the events are copied for other instances.
    mirror: Option<Mirror>,
}

/// What a stream's events become for the shared event log.
pub(in crate::transport::http) struct Append {
    /// The stream's key in the log.
    pub(in crate::transport::http) key: Arc<str>,
    /// The request it answers (JSON), with the stream's first append.
    pub(in crate::transport::http) request: Option<String>,
    pub(in crate::transport::http) events: Vec<Event>,
    pub(in crate::transport::http) end: bool,
    /// Told once the append is written (or given up on).
    pub(in crate::transport::http) written: Option<oneshot::Sender<()>>,
}

/// The shared event log's writer, as the request path sees it.
pub(in crate::transport::http) struct EventWriter {
    /// Its queue.
    pub(in crate::transport::http) queue: mpsc::Sender<Append>,
    /// Set while the log does not answer.
    pub(in crate::transport::http) failing: Arc<AtomicBool>,
}

/// The shared event log's writer, for one stream.
struct Mirror {
    key: Arc<str>,
    to: mpsc::Sender<Append>,
}

impl Mirror {
    /// Queues an append; a full queue drops it (resumption elsewhere then
    /// misses those events), rather than hold up the stream.
    fn push(&self, request: Option<String>, events: Vec<Event>, end: bool) {
        self.push_told(request, events, end, None);
    }

    /// [`Mirror::push`], telling `written` once the append is written.
    fn push_told(&self, request: Option<String>, events: Vec<Event>, end: bool, written: Option<oneshot::Sender<()>>) {
        let append = Append { key: Arc::clone(&self.key), request, events, end, written };
        if self.to.try_send(append).is_err() {
            crate::observe::store_error("append");
            warn_log_behind();
        }
    }
}

/// Says that the event log's queue is full, at most once a second.
fn warn_log_behind() {
    static LAST: AtomicU64 = AtomicU64::new(0);
    if crate::util::once_a_second(&LAST) {
        tracing::warn!("the event log is behind; events of request streams were not shared");
    }
}

impl StreamLog {
    /// A stream held elsewhere, numbered `id`, read from the shared log.
    pub(in crate::transport::http) fn detached(id: u64) -> Arc<Self> {
        Arc::new(StreamLog { id, state: Mutex::default() })
    }

    /// Copies the stream, from its first event on, to the shared log under
    /// `key`: the stream answers request `request` (JSON). The receiver
    /// hears once the events so far are written.
    pub(in crate::transport::http) fn mirror_to(
        &self,
        key: Arc<str>,
        to: mpsc::Sender<Append>,
        request: String,
    ) -> oneshot::Receiver<()> {
        let mut state = self.state.locked();
        let mirror = Mirror { key, to };
        let (written, heard) = oneshot::channel();
        let events = state.events.iter().cloned().collect();
        mirror.push_told(Some(request), events, state.finished, Some(written));
        if !state.finished {
            state.mirror = Some(mirror);
        }
        heard
    }

    /// Attaches a reader, replaying the events after `after` first.
    pub(in crate::transport::http) fn attach(&self, after: Option<u64>) -> EventRx {
        self.attach_at(after).0
    }

    /// [`StreamLog::attach`], and the number of the last event the reader
    /// has seen: `after`, or without it, the last event so far.
    pub(in crate::transport::http) fn attach_at(&self, after: Option<u64>) -> (EventRx, u64) {
        let (tx, rx) = event_channel();
        let mut state = self.state.locked();
        let seen = after.unwrap_or(state.next);
        if let Some(after) = after {
            for event in state.events.iter().filter(|(n, _)| *n > after) {
                let _ = tx.try_send(event.clone());
            }
        }
        // A finished stream replays what it kept, then ends.
        if !state.finished {
            state.live = Some(tx);
        }
        (rx, seen)
    }

    /// Marks the stream finished: its request was answered or cancelled.
    /// The connected reader sees the end of the stream.
    pub(in crate::transport::http) fn mark_finished(&self) {
        let mut state = self.state.locked();
        state.finished = true;
        state.live = None;
        if let Some(mirror) = state.mirror.take() {
            mirror.push(None, Vec::new(), true);
        }
    }

    fn is_finished(&self) -> bool {
        self.state.locked().finished
    }
}

impl Outbound for StreamLog {
    fn send(&self, frame: Vec<u8>) {
        let mut state = self.state.locked();
        state.next += 1;
        let event = (state.next, frame);
        // A reader that fell behind misses notifications; a response or a
        // request it has no room for ends its stream, and it resumes from
        // what is kept here (`Last-Event-ID`). Nothing waits for room.
        if let Some(live) = &state.live {
            match live.try_send(event.clone()) {
                Ok(()) => {}
                Err(mpsc::error::TrySendError::Full(event)) => {
                    let notification = crate::protocol::jsonrpc::is_notification(&event.1);
                    warn_reader_behind(notification);
                    if !notification {
                        state.live = None;
                    }
                }
                Err(mpsc::error::TrySendError::Closed(_)) => state.live = None,
            }
        }
        if let Some(mirror) = &state.mirror {
            mirror.push(None, vec![event.clone()], false);
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
pub(in crate::transport::http) struct Streams {
    next: AtomicU64,
    /// The streams a client may resume, oldest first.
    kept: Mutex<BTreeMap<u64, Arc<StreamLog>>>,
}

impl Default for Streams {
    fn default() -> Self {
        let first = u64::from(crate::util::instance_tag()) << 32;
        Streams { next: AtomicU64::new(first), kept: Mutex::default() }
    }
}

impl Streams {
    /// A new stream, not yet kept for resumption.
    pub(in crate::transport::http) fn new_log(&self) -> Arc<StreamLog> {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        Arc::new(StreamLog { id, state: Mutex::default() })
    }

    /// A new stream, kept for resumption from the start.
    pub(in crate::transport::http) fn open(&self) -> Arc<StreamLog> {
        let log = self.new_log();
        self.keep(&log);
        log
    }

    /// Keeps a stream for resumption; past the limit, the oldest finished
    /// one goes.
    pub(in crate::transport::http) fn keep(&self, log: &Arc<StreamLog>) {
        let mut kept = self.kept.locked();
        if kept.len() >= KEPT_STREAMS {
            let oldest_finished = kept.iter().find(|(_, l)| l.is_finished()).map(|(id, _)| *id);
            if let Some(oldest) = oldest_finished {
                kept.remove(&oldest);
            }
        }
        kept.insert(log.id, Arc::clone(log));
    }

    /// The stream a `Last-Event-ID` (`<stream>-<n>`) points into, and `n`.
    pub(in crate::transport::http) fn find(&self, last_event_id: &str) -> Option<(Arc<StreamLog>, u64)> {
        let (stream, n) = parse_event_id(last_event_id)?;
        let log = self.kept.locked().get(&stream).cloned()?;
        Some((log, n))
    }
}

/// The stream and the event number of a `Last-Event-ID`.
pub(in crate::transport::http) fn parse_event_id(last_event_id: &str) -> Option<(u64, u64)> {
    let (stream, n) = last_event_id.split_once('-')?;
    Some((stream.parse::<u64>().ok()?, n.parse::<u64>().ok()?))
}

/// Whether `stream` is a session's GET stream: the first each instance
/// opens for a session (request streams come after it).
pub(in crate::transport::http) fn is_session_stream(stream: u64) -> bool {
    stream & u64::from(u32::MAX) == 1
}

/// The tag of the instance that opened stream `stream`.
pub(in crate::transport::http) fn owner_of(stream: u64) -> String {
    format!("{:08x}", stream >> 32)
}

impl Streams {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_reader_that_falls_behind_misses_notifications_and_resumes_for_the_answer() {
        let streams = Streams::default();
        let log = streams.open();
        let mut rx = log.attach(None);
        let bound = QUEUED_EVENTS as u64;
        let note = br#"{"jsonrpc":"2.0","method":"notifications/progress","params":{}}"#.to_vec();
        for _ in 0..bound + 5 {
            log.send(note.clone());
        }
        log.send(br#"{"jsonrpc":"2.0","id":1,"result":{}}"#.to_vec());
        let mut read = 0;
        while rx.recv().await.is_some() {
            read += 1;
        }
        assert_eq!(read, bound, "the queue, then the end: the answer found no room");
        // What the reader missed is kept for it to resume.
        let mut resumed = log.attach(Some(bound));
        assert_eq!(resumed.recv().await.expect("kept").0, bound + 1);
        let mut last = 0;
        while let Ok(event) = resumed.try_recv() {
            last = event.0;
        }
        assert_eq!(last, bound + 6, "the answer");
    }
}
