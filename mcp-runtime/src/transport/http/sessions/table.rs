//! [`Table`]: the open sessions of one kind (Streamable HTTP, legacy SSE,
//! WebSocket), by id, with a cap and an idle limit. At the cap, a new
//! session evicts the longest idle one of the owner (token subject) that
//! holds the most, so that a flood of new sessions cannot lock clients
//! out, and one user's flood evicts only that user's sessions: an evicted
//! client gets 404 and starts again.

use crate::util::MutexExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::observe;

/// Something a [`Table`] holds, which it closes when it drops it.
pub(in crate::transport::http) trait Held: Send + Sync {
    /// Ends the session: its streams end, its calls are refused.
    fn close(&self);

    /// Who opened it (the token's issuer and subject), when the server
    /// authorizes requests.
    fn owner(&self) -> Option<&str>;
}

struct Slot<T> {
    value: Arc<T>,
    last_seen: Instant,
}

/// Sessions of one kind.
pub(in crate::transport::http) struct Table<T> {
    slots: Mutex<HashMap<String, Slot<T>>>,
    max: usize,
    idle: Duration,
    /// The transport, as the `mcp_sessions_open` metric names it.
    kind: &'static str,
}

impl<T: Held> Table<T> {
    pub(in crate::transport::http) fn new(kind: &'static str, max: usize, idle: Duration) -> Self {
        Table { slots: Mutex::default(), max: max.max(1), idle, kind }
    }

    /// Adds a session under a fresh random id; at the cap, the longest idle
    /// session goes first.
    pub(in crate::transport::http) fn insert(&self, make: impl FnOnce(&str) -> T) -> (String, Arc<T>) {
        self.insert_as(crate::util::random_hex::<16>(), make)
    }

    /// Adds a session under `id` (one another instance opened, say).
    pub(in crate::transport::http) fn insert_as(&self, id: String, make: impl FnOnce(&str) -> T) -> (String, Arc<T>) {
        let value = Arc::new(make(&id));
        let evicted = {
            let mut slots = self.lock();
            let mut gone = self.take_idle(&mut slots);
            if slots.len() >= self.max {
                let evicted = eviction_candidate(&slots);
                gone.extend(evicted.and_then(|id| slots.remove(&id)).map(|s| s.value));
            }
            slots.insert(id.clone(), Slot { value: Arc::clone(&value), last_seen: Instant::now() });
            observe::sessions_open(self.kind, slots.len());
            gone
        };
        if !evicted.is_empty() {
            tracing::info!(count = evicted.len(), "sessions evicted (idle, or the longest idle at the cap)");
        }
        close_all(evicted);
        (id, value)
    }

    /// The session with this id, marked as seen now.
    pub(in crate::transport::http) fn get(&self, id: &str) -> Option<Arc<T>> {
        let mut slots = self.lock();
        let slot = slots.get_mut(id)?;
        slot.last_seen = Instant::now();
        Some(Arc::clone(&slot.value))
    }

    /// Marks a session as seen now (a message on a standing connection).
    #[cfg(feature = "server-websocket")]
    pub(in crate::transport::http) fn touch(&self, id: &str) {
        if let Some(slot) = self.lock().get_mut(id) {
            slot.last_seen = Instant::now();
        }
    }

    /// Removes and closes a session; whether it was there.
    pub(in crate::transport::http) fn remove(&self, id: &str) -> bool {
        let removed = {
            let mut slots = self.lock();
            let removed = slots.remove(id);
            observe::sessions_open(self.kind, slots.len());
            removed
        };
        removed.map(|slot| slot.value.close()).is_some()
    }

    /// Closes the sessions idle for longer than the limit.
    pub(in crate::transport::http) fn expire_idle(&self) {
        let gone = {
            let mut slots = self.lock();
            let gone = self.take_idle(&mut slots);
            observe::sessions_open(self.kind, slots.len());
            gone
        };
        close_all(gone);
    }

    /// Removes every session, without closing them (the server is
    /// shutting down, and the caller closes each its own way).
    pub(in crate::transport::http) fn drain(&self) -> Vec<Arc<T>> {
        observe::sessions_open(self.kind, 0);
        self.lock().drain().map(|(_, slot)| slot.value).collect()
    }

    fn take_idle(&self, slots: &mut HashMap<String, Slot<T>>) -> Vec<Arc<T>> {
        let idle: Vec<String> =
            slots.iter().filter(|(_, s)| s.last_seen.elapsed() >= self.idle).map(|(id, _)| id.clone()).collect();
        idle.iter().filter_map(|id| slots.remove(id)).map(|s| s.value).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Slot<T>>> {
        self.slots.locked()
    }
}

/// The session a full table drops: the longest idle of the owner that holds
/// the most sessions (without authorization, every session has one owner).
fn eviction_candidate<T: Held>(slots: &HashMap<String, Slot<T>>) -> Option<String> {
    let mut held: HashMap<Option<&str>, usize> = HashMap::new();
    for slot in slots.values() {
        *held.entry(slot.value.owner()).or_default() += 1;
    }
    let (greediest, _) = held.into_iter().max_by_key(|(_, count)| *count)?;
    let theirs = slots.iter().filter(|(_, s)| s.value.owner() == greediest);
    theirs.min_by_key(|(_, s)| s.last_seen).map(|(id, _)| id.clone())
}

/// Closes sessions outside the table's lock.
fn close_all<T: Held>(sessions: Vec<Arc<T>>) {
    for session in sessions {
        session.close();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    #[derive(Default)]
    struct Probe(AtomicBool, Option<String>);

    impl Held for Probe {
        fn close(&self) {
            self.0.store(true, Ordering::SeqCst);
        }

        fn owner(&self) -> Option<&str> {
            self.1.as_deref()
        }
    }

    #[test]
    fn at_the_cap_the_owner_holding_the_most_loses_its_longest_idle() {
        let table = Table::new("test", 4, Duration::from_secs(60));
        let of = |owner: &str| Probe(AtomicBool::new(false), Some(owner.to_owned()));
        let (bob, bob_probe) = table.insert(|_| of("bob"));
        for _ in 0..3 {
            std::thread::sleep(Duration::from_millis(2));
            table.insert(|_| of("mallory"));
        }
        for _ in 0..10 {
            table.insert(|_| of("mallory"));
        }
        assert!(table.get(&bob).is_some(), "mallory's flood evicts only mallory's sessions");
        assert!(!bob_probe.0.load(Ordering::SeqCst));
        let (carol, _) = table.insert(|_| of("carol"));
        assert!(table.get(&bob).is_some() && table.get(&carol).is_some());
    }

    #[test]
    fn at_the_cap_the_longest_idle_session_is_evicted() {
        let table = Table::new("test", 2, Duration::from_secs(60));
        let (first, first_probe) = table.insert(|_| Probe::default());
        std::thread::sleep(Duration::from_millis(2));
        let (second, _) = table.insert(|_| Probe::default());
        std::thread::sleep(Duration::from_millis(2));
        assert!(table.get(&first).is_some(), "seen now: the second is the longest idle");
        let (third, _) = table.insert(|_| Probe::default());
        assert!(table.get(&second).is_none());
        assert!(table.get(&first).is_some() && table.get(&third).is_some());
        assert!(!first_probe.0.load(Ordering::SeqCst));
    }

    #[test]
    fn idle_sessions_expire_and_are_closed() {
        let table = Table::new("test", 10, Duration::from_millis(1));
        let (id, probe) = table.insert(|_| Probe::default());
        std::thread::sleep(Duration::from_millis(5));
        table.expire_idle();
        assert!(table.get(&id).is_none());
        assert!(probe.0.load(Ordering::SeqCst));
    }
}
