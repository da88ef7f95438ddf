//! The requests of a connection that have not been answered, by id, and
//! the [`Ticket`] that keeps one id in use until its request ends.

use crate::util::MutexExt;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio_util::sync::CancellationToken;

use crate::protocol::{RequestId, Sink};

/// The ids in flight, each with the token that cancels its request.
#[derive(Default)]
pub(super) struct InFlight {
    requests: Mutex<HashMap<RequestId, (u64, CancellationToken)>>,
    next: AtomicU64,
}

impl InFlight {
    /// Registers a request; `None` when its id is already in use.
    pub(super) fn begin(self: &Arc<Self>, id: &RequestId, sink: &Sink, own_sink: bool) -> Option<Ticket> {
        let mut requests = self.requests.locked();
        if requests.contains_key(id) {
            return None;
        }
        let (generation, cancel) = (self.next.fetch_add(1, Ordering::Relaxed), CancellationToken::new());
        requests.insert(id.clone(), (generation, cancel.clone()));
        let sink = Arc::clone(sink);
        Some(Ticket { in_flight: Arc::clone(self), id: id.clone(), generation, cancel, sink, own_sink })
    }

    pub(super) fn contains(&self, id: &RequestId) -> bool {
        self.requests.locked().contains_key(id)
    }

    /// Frees the id of a request that ended (unless it was reused since).
    fn end(&self, id: &RequestId, generation: u64) {
        let mut requests = self.requests.locked();
        if requests.get(id).is_some_and(|(g, _)| *g == generation) {
            requests.remove(id);
        }
    }

    /// Cancels a request; whether it was in flight.
    pub(super) fn cancel(&self, id: &RequestId) -> bool {
        let removed = self.requests.locked().remove(id);
        removed.map(|(_, token)| token.cancel()).is_some()
    }
}

/// One request's place in flight. However the request ends (answered,
/// cancelled, or its future dropped before it ran), dropping the ticket
/// frees the id and, when the sink carries this request alone, finishes it.
pub(super) struct Ticket {
    in_flight: Arc<InFlight>,
    pub(super) id: RequestId,
    generation: u64,
    pub(super) cancel: CancellationToken,
    pub(super) sink: Sink,
    own_sink: bool,
}

impl Ticket {
    /// Frees the id now, before the answer goes out, so that a client may
    /// reuse it as soon as it has the answer.
    pub(super) fn free_id(&self) {
        self.in_flight.end(&self.id, self.generation);
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.free_id();
        if self.own_sink {
            self.sink.finish();
        }
    }
}
