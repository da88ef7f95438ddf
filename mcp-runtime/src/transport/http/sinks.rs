//! Sinks that feed one HTTP response: a POST's answer, an SSE stream.

use crate::util::MutexExt;
use std::sync::Mutex;

use tokio::sync::mpsc;

use crate::protocol::Outbound;

/// Frames for one HTTP response stream.
pub(super) type FrameTx = mpsc::Sender<Vec<u8>>;
/// The receiving side of a response stream.
pub(super) type FrameRx = mpsc::Receiver<Vec<u8>>;

/// The most frames one response stream queues for a client that reads it
/// slower than the server writes. Past it, notifications (progress, logs)
/// are dropped, so that a client that does not read cannot make the server
/// hold them without end; a response or a request still goes out, after
/// the queue, since a stream carries few of those.
pub(crate) const QUEUED_FRAMES: usize = 4096;

/// A channel for one response stream, bounded by [`QUEUED_FRAMES`].
pub(super) fn frame_channel() -> (FrameTx, FrameRx) {
    mpsc::channel(QUEUED_FRAMES)
}

/// A sink that feeds one HTTP response; finishing it ends the response's
/// stream, even when a handler still holds a copy of its context.
pub(super) struct ChannelSink(Mutex<Option<FrameTx>>);

impl ChannelSink {
    pub(super) fn new(tx: FrameTx) -> Self {
        ChannelSink(Mutex::new(Some(tx)))
    }
}

impl Outbound for ChannelSink {
    fn send(&self, frame: Vec<u8>) {
        let tx = self.0.locked();
        let Some(sender) = tx.as_ref() else { return };
        if let Err(mpsc::error::TrySendError::Full(frame)) = sender.try_send(frame) {
            send_when_room(sender, frame, |frame| frame);
        }
    }

    fn finish(&self) {
        self.0.locked().take();
    }
}

/// An item for a full queue, whose JSON-RPC frame `frame_of` gives: a
/// notification is dropped (the reader is behind); anything else waits for
/// room, after what is queued.
pub(super) fn send_when_room<T: Send + 'static>(sender: &mpsc::Sender<T>, item: T, frame_of: fn(&T) -> &[u8]) {
    if crate::protocol::jsonrpc::is_notification(frame_of(&item)) {
        static LAST: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        if crate::util::once_a_second(&LAST) {
            tracing::warn!(
                "a client reads its stream slower than the server writes ({QUEUED_FRAMES} queued); notifications were dropped"
            );
        }
        return;
    }
    let sender = sender.clone();
    tokio::spawn(async move {
        let _ = sender.send(item).await;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_stream_drops_notifications_but_never_the_answer() {
        let (tx, mut rx) = frame_channel();
        let sink = ChannelSink::new(tx);
        let note = br#"{"jsonrpc":"2.0","method":"notifications/progress","params":{}}"#.to_vec();
        for _ in 0..QUEUED_FRAMES + 10 {
            sink.send(note.clone());
        }
        let answer = br#"{"jsonrpc":"2.0","id":1,"result":{}}"#.to_vec();
        sink.send(answer.clone());
        sink.finish();
        let mut frames = Vec::new();
        while let Some(frame) = rx.recv().await {
            frames.push(frame);
        }
        assert_eq!(frames.len(), QUEUED_FRAMES + 1, "the queue, then the answer; the excess notifications dropped");
        assert_eq!(frames.last(), Some(&answer));
    }
}
