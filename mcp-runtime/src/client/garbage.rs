//! Output from a server that is not JSON-RPC: kept to explain a failure,
//! and, before the server has said anything valid, a reason to give up
//! early rather than wait out the whole timeout for an answer that a
//! garbled stream will not carry.

use crate::util::MutexExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;

/// How long a request still waits for its answer after the opening went
/// wrong (a banner on stdout may precede a good answer).
const GRACE: Duration = Duration::from_secs(2);

/// What the connection has seen of non-JSON-RPC output.
#[derive(Default)]
pub(super) struct Garbage {
    last: Mutex<Option<String>>,
    heard_valid: AtomicBool,
    arrived: Notify,
}

impl Garbage {
    /// A valid JSON-RPC message arrived.
    pub(super) fn heard_valid(&self) {
        self.heard_valid.store(true, Ordering::Relaxed);
    }

    /// A line (the first 200 characters) that is not JSON-RPC arrived.
    pub(super) fn record(&self, line: String) {
        *self.last.locked() = Some(line);
        self.arrived.notify_waiters();
    }

    /// The last line that was not JSON-RPC.
    pub(super) fn last(&self) -> Option<String> {
        self.last.locked().clone()
    }

    fn opening_garbled(&self) -> bool {
        !self.heard_valid.load(Ordering::Relaxed) && self.last().is_some()
    }

    /// Resolves [`GRACE`] after the server wrote something that is not
    /// JSON-RPC before anything that is; never, once it has spoken
    /// JSON-RPC.
    pub(super) async fn garbled_opening(&self) {
        loop {
            // Created before the check, so a record in between still wakes it.
            let arrived = self.arrived.notified();
            if self.opening_garbled() {
                break;
            }
            if self.heard_valid.load(Ordering::Relaxed) {
                return std::future::pending().await;
            }
            arrived.await;
        }
        tokio::time::sleep(GRACE).await;
    }
}
