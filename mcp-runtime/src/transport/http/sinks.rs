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
/// slower than the server writes. Past it the stream ends: a client that
/// does not read cannot make the server hold its messages without end.
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
        let mut tx = self.0.locked();
        let Some(sender) = tx.as_ref() else { return };
        if let Err(mpsc::error::TrySendError::Full(_)) = sender.try_send(frame) {
            tracing::warn!("a client reads its stream slower than the server writes ({QUEUED_FRAMES} queued); it ends");
            *tx = None;
        }
    }

    fn finish(&self) {
        self.0.locked().take();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stream_nobody_reads_ends_at_the_bound_instead_of_growing() {
        let (tx, mut rx) = frame_channel();
        let sink = ChannelSink::new(tx);
        for n in 0..QUEUED_FRAMES + 10 {
            sink.send(n.to_string().into_bytes());
        }
        let mut queued = 0;
        while let Some(frame) = rx.recv().await {
            assert_eq!(frame, queued.to_string().into_bytes(), "in order");
            queued += 1;
        }
        assert_eq!(queued, QUEUED_FRAMES, "then the stream ended");
    }
}
