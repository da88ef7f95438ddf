//! Where outgoing frames go: the one thing a transport gives the core.

use std::sync::Arc;

/// Where outgoing frames go. Each frame is one JSON-RPC message (or batch),
/// as JSON text without a trailing newline; the transport adds its framing.
///
/// `send` must not block for long: it runs on the tasks that answer
/// requests. Queue the frame, or write it to a buffer.
pub trait Outbound: Send + Sync + 'static {
    /// Queues a frame.
    fn send(&self, frame: Vec<u8>);

    /// No more frames will be sent through this sink for the request it was
    /// made for (its answer was sent, or it was cancelled). Streams that
    /// carry one request's messages end here; the default does nothing.
    fn finish(&self) {}

    /// Whether frames sent now go nowhere: the stream ended (its reader
    /// went away, or fell too far behind). The default is never.
    fn is_closed(&self) -> bool {
        false
    }
}

/// A shared [`Outbound`]: a connection's own, or one request's (an HTTP POST's stream).
pub type Sink = Arc<dyn Outbound>;

/// A sink that drops everything (a context with no client).
pub(crate) struct Nowhere;

impl Outbound for Nowhere {
    fn send(&self, _: Vec<u8>) {}
}
