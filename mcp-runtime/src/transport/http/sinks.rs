//! Sinks that feed one HTTP response: a POST's answer, an SSE stream.

use crate::util::MutexExt;
use std::sync::Mutex;

use tokio::sync::mpsc;

use crate::protocol::Outbound;

/// Frames for one HTTP response stream.
pub(super) type FrameTx = mpsc::UnboundedSender<Vec<u8>>;
/// The receiving side of a response stream.
pub(super) type FrameRx = mpsc::UnboundedReceiver<Vec<u8>>;

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
        if let Some(tx) = &*self.0.locked() {
            let _ = tx.send(frame);
        }
    }

    fn finish(&self) {
        self.0.locked().take();
    }
}
