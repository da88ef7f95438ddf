//! Sinks that feed one HTTP response: a POST's answer, an SSE stream.

use crate::util::MutexExt;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::protocol::Outbound;

/// The most bytes one response stream queues for a client that reads it
/// slower than the server writes. Past it, notifications (progress, logs)
/// are dropped; a response or a request ends the stream, and what it
/// queued is let go: its reader is not reading what it asked for.
pub(crate) const QUEUED_BYTES: usize = 8 * 1024 * 1024;

/// What the two ends of a response stream share.
#[derive(Default)]
struct Queue {
    state: Mutex<Queued>,
    ready: tokio::sync::Notify,
}

#[derive(Default)]
struct Queued {
    frames: VecDeque<Vec<u8>>,
    bytes: usize,
    closed: bool,
}

impl Queue {
    /// Ends the stream; with `let_go`, what it queued is dropped too.
    fn close(&self, let_go: bool) {
        let mut state = self.state.locked();
        state.closed = true;
        if let_go {
            state.frames.clear();
            state.bytes = 0;
        }
        drop(state);
        self.ready.notify_one();
    }
}

/// Where one HTTP response stream's frames are queued, bounded in bytes.
pub(in crate::transport::http) struct FrameTx(Arc<Queue>);

/// Where the response reads them.
pub(in crate::transport::http) struct FrameRx(Arc<Queue>);

/// Nothing queued yet.
#[derive(Debug)]
pub(in crate::transport::http) struct Empty;

/// A channel for one response stream, bounded by [`QUEUED_BYTES`].
pub(in crate::transport::http) fn frame_channel() -> (FrameTx, FrameRx) {
    let queue = Arc::new(Queue::default());
    (FrameTx(Arc::clone(&queue)), FrameRx(queue))
}

impl FrameTx {
    /// Queues `frame`, within the bound.
    pub(in crate::transport::http) fn send(&self, frame: Vec<u8>) {
        let mut state = self.0.state.locked();
        if state.closed {
            return;
        }
        if state.bytes + frame.len() > QUEUED_BYTES {
            let notification = crate::protocol::jsonrpc::is_notification(&frame);
            warn_behind(notification);
            drop(state);
            if !notification {
                self.0.close(true);
            }
            return;
        }
        state.bytes += frame.len();
        state.frames.push_back(frame);
        drop(state);
        self.0.ready.notify_one();
    }

    /// Whether the stream ended (its reader went away or fell behind).
    pub(in crate::transport::http) fn is_closed(&self) -> bool {
        self.0.state.locked().closed
    }
}

impl Drop for FrameTx {
    fn drop(&mut self) {
        self.0.close(false);
    }
}

impl FrameRx {
    /// The next frame; `None` once the stream has ended and nothing is left.
    pub(in crate::transport::http) async fn recv(&mut self) -> Option<Vec<u8>> {
        loop {
            match self.try_take() {
                Ok(frame) => return Some(frame),
                Err(true) => return None,
                Err(false) => self.0.ready.notified().await,
            }
        }
    }

    /// The next frame, if one is queued now.
    pub(in crate::transport::http) fn try_recv(&mut self) -> Result<Vec<u8>, Empty> {
        self.try_take().map_err(|_| Empty)
    }

    /// A queued frame, or whether the stream has ended.
    fn try_take(&mut self) -> Result<Vec<u8>, bool> {
        let mut state = self.0.state.locked();
        match state.frames.pop_front() {
            Some(frame) => {
                state.bytes -= frame.len();
                Ok(frame)
            }
            None => Err(state.closed),
        }
    }
}

impl Drop for FrameRx {
    fn drop(&mut self) {
        self.0.close(true);
    }
}

/// Says, at most once a second, that a reader fell behind.
pub(in crate::transport::http) fn warn_behind(notification: bool) {
    static LAST: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    if crate::util::once_a_second(&LAST) {
        let what = if notification { "notifications were dropped" } else { "its stream was closed" };
        tracing::warn!("a client reads its stream slower than the server writes; {what}");
    }
}

/// A sink that feeds one HTTP response; finishing it ends the response's
/// stream, even when a handler still holds a copy of its context.
pub(in crate::transport::http) struct ChannelSink(Mutex<Option<FrameTx>>);

impl ChannelSink {
    pub(in crate::transport::http) fn new(tx: FrameTx) -> Self {
        ChannelSink(Mutex::new(Some(tx)))
    }
}

impl Outbound for ChannelSink {
    fn send(&self, frame: Vec<u8>) {
        if let Some(sender) = self.0.locked().as_ref() {
            sender.send(frame);
        }
    }

    fn finish(&self) {
        self.0.locked().take();
    }

    fn is_closed(&self) -> bool {
        self.0.locked().as_ref().is_none_or(FrameTx::is_closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_stream_drops_notifications_and_an_answer_past_the_bound_ends_it() {
        let (tx, mut rx) = frame_channel();
        let sink = ChannelSink::new(tx);
        let answer = br#"{"jsonrpc":"2.0","id":1,"result":{}}"#.to_vec();
        sink.send(answer.clone());
        let pad = format!(
            r#"{{"jsonrpc":"2.0","method":"notifications/message","params":{{"data":"{}"}}}}"#,
            "x".repeat(1 << 20)
        );
        for _ in 0..12 {
            sink.send(pad.clone().into_bytes());
        }
        assert!(!sink.is_closed(), "notifications past the bound are dropped");
        assert_eq!(rx.recv().await, Some(answer.clone()));
        let mut read = 0;
        while let Ok(frame) = rx.try_recv() {
            assert!(frame.len() > 1 << 20);
            read += 1;
        }
        assert_eq!(read, 7, "8 MiB of them were kept");
        let big_answer = format!(r#"{{"jsonrpc":"2.0","id":2,"result":{{"data":"{}"}}}}"#, "x".repeat(1 << 20));
        for _ in 0..7 {
            sink.send(big_answer.clone().into_bytes());
        }
        assert!(!sink.is_closed());
        sink.send(big_answer.into_bytes());
        assert!(sink.is_closed(), "an answer past the bound ends the stream");
        assert_eq!(rx.recv().await, None, "and what it queued is let go");
    }
}
