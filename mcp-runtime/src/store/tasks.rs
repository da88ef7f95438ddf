//! [`TaskStore`]: where the records of tasks (the Tasks extension) live, so
//! that any instance can answer `tasks/get`, `tasks/update` and
//! `tasks/cancel` for a task another instance runs; and [`MemoryTasks`],
//! the store of a server on its own.
//!
//! A record has two writers that never touch each other's fields: the
//! instance running the task writes the record (its status, what it asks,
//! its outcome), and whoever serves the client's `tasks/update` and
//! `tasks/cancel` adds answers and the cancel request beside it.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::session::StoreFuture;
use crate::protocol::{ErrorObject, TaskStatus};
use crate::util::MutexExt;

/// A task as the instance running it records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskRecord {
    /// The task's unguessable id.
    pub id: String,
    /// Who started it (issuer and subject, or the peer's address); only
    /// they see it.
    pub owner: String,
    /// Where it stands.
    pub status: TaskStatus,
    /// A note on the status.
    #[serde(default)]
    pub status_message: Option<String>,
    /// When it was created, in ms since the epoch.
    pub created_ms: u64,
    /// When its status last changed, in ms since the epoch.
    pub updated_ms: u64,
    /// How long after its creation it is kept, in ms.
    pub ttl_ms: u64,
    /// The poll interval the client is given, in ms.
    pub poll_ms: u64,
    /// When its runner last said it was alive, in ms since the epoch.
    pub beat_ms: u64,
    /// What it asks the client, by key (answered keys stay until the
    /// runner takes their answers).
    #[serde(default)]
    pub input_requests: Map<String, Value>,
    /// The result, once completed.
    #[serde(default)]
    pub result: Option<Value>,
    /// The error, once failed.
    #[serde(default)]
    pub error: Option<ErrorObject>,
}

impl TaskRecord {
    /// When the store may drop it, in ms since the epoch.
    pub fn expires_ms(&self) -> u64 {
        self.created_ms.saturating_add(self.ttl_ms)
    }
}

/// A task's record with what its client has added.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TaskEntry {
    /// The runner's record.
    pub record: TaskRecord,
    /// The client's answers, by key.
    pub answers: Map<String, Value>,
    /// Whether the client asked to cancel it.
    pub cancel_requested: bool,
}

impl TaskEntry {
    /// A record with nothing added yet.
    pub fn new(record: TaskRecord) -> Self {
        TaskEntry { record, answers: Map::new(), cancel_requested: false }
    }
}

/// Where task records live until their TTL.
pub trait TaskStore: Send + Sync + 'static {
    /// Stores a new task. When its owner already has `max_per_owner` tasks,
    /// their oldest finished one is dropped to make room; `false` when all
    /// of them are still running (nothing is stored).
    fn create<'a>(&'a self, record: &'a TaskRecord, max_per_owner: usize) -> StoreFuture<'a, bool>;

    /// Replaces the runner's record, unless the stored one has ended (its
    /// state no longer changes); `false` then, or when it is gone.
    fn save<'a>(&'a self, record: &'a TaskRecord) -> StoreFuture<'a, bool>;

    /// The task, with its answers and cancel request; `None` when unknown
    /// or expired.
    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<TaskEntry>>;

    /// Adds the client's answers.
    fn answer<'a>(&'a self, id: &'a str, answers: &'a Map<String, Value>) -> StoreFuture<'a, ()>;

    /// Records that the client asked to cancel it.
    fn request_cancel<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()>;
}

impl std::fmt::Debug for dyn TaskStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a task store")
    }
}

impl<T: TaskStore> TaskStore for std::sync::Arc<T> {
    fn create<'a>(&'a self, record: &'a TaskRecord, max_per_owner: usize) -> StoreFuture<'a, bool> {
        (**self).create(record, max_per_owner)
    }

    fn save<'a>(&'a self, record: &'a TaskRecord) -> StoreFuture<'a, bool> {
        (**self).save(record)
    }

    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<TaskEntry>> {
        (**self).load(id)
    }

    fn answer<'a>(&'a self, id: &'a str, answers: &'a Map<String, Value>) -> StoreFuture<'a, ()> {
        (**self).answer(id, answers)
    }

    fn request_cancel<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()> {
        (**self).request_cancel(id)
    }
}

/// The tasks of one process, in memory. Expired tasks go in a sweep at
/// most once a second; each owner's tasks are kept in creation order, so
/// that a create looks only at its owner's.
#[derive(Debug, Default)]
pub struct MemoryTasks {
    held: Mutex<Held>,
}

#[derive(Debug, Default)]
struct Held {
    tasks: HashMap<String, TaskEntry>,
    /// Each owner's task ids, oldest first.
    by_owner: HashMap<String, std::collections::VecDeque<String>>,
    last_sweep_ms: u64,
}

impl Held {
    /// Drops expired tasks, at most once a second.
    fn sweep(&mut self, now: u64) {
        if now.saturating_sub(self.last_sweep_ms) < 1000 {
            return;
        }
        self.last_sweep_ms = now;
        self.tasks.retain(|_, entry| entry.record.expires_ms() > now);
        let tasks = &self.tasks;
        self.by_owner.retain(|_, ids| {
            ids.retain(|id| tasks.contains_key(id));
            !ids.is_empty()
        });
    }

    /// Makes room for one more task of `owner`: `false` when it has `max`
    /// tasks and none has finished.
    fn make_room(&mut self, owner: &str, max: usize, now: u64) -> bool {
        let Some(ids) = self.by_owner.get_mut(owner) else { return true };
        let tasks = &self.tasks;
        ids.retain(|id| tasks.get(id).is_some_and(|e| e.record.expires_ms() > now));
        if ids.len() < max {
            return true;
        }
        let finished = ids.iter().position(|id| tasks.get(id).is_some_and(|e| e.record.status.is_terminal()));
        match finished.and_then(|at| ids.remove(at)) {
            Some(id) => {
                self.tasks.remove(&id);
                true
            }
            None => false,
        }
    }
}

impl MemoryTasks {
    /// How many tasks it holds, expired ones included until the next sweep.
    pub fn len(&self) -> usize {
        self.held.locked().tasks.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl TaskStore for MemoryTasks {
    fn create<'a>(&'a self, record: &'a TaskRecord, max_per_owner: usize) -> StoreFuture<'a, bool> {
        let created = {
            let mut held = self.held.locked();
            let now = crate::util::now_ms();
            held.sweep(now);
            let room = held.make_room(&record.owner, max_per_owner.max(1), now);
            if room {
                held.tasks.insert(record.id.clone(), TaskEntry::new(record.clone()));
                held.by_owner.entry(record.owner.clone()).or_default().push_back(record.id.clone());
            }
            room
        };
        Box::pin(std::future::ready(Ok(created)))
    }

    fn save<'a>(&'a self, record: &'a TaskRecord) -> StoreFuture<'a, bool> {
        let saved = match self.held.locked().tasks.get_mut(&record.id) {
            Some(entry) if !entry.record.status.is_terminal() => {
                entry.record = record.clone();
                true
            }
            _ => false,
        };
        Box::pin(std::future::ready(Ok(saved)))
    }

    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<TaskEntry>> {
        let now = crate::util::now_ms();
        let entry = self.held.locked().tasks.get(id).filter(|e| e.record.expires_ms() > now).cloned();
        Box::pin(std::future::ready(Ok(entry)))
    }

    fn answer<'a>(&'a self, id: &'a str, answers: &'a Map<String, Value>) -> StoreFuture<'a, ()> {
        if let Some(entry) = self.held.locked().tasks.get_mut(id) {
            entry.answers.extend(answers.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Box::pin(std::future::ready(Ok(())))
    }

    fn request_cancel<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()> {
        if let Some(entry) = self.held.locked().tasks.get_mut(id) {
            entry.cancel_requested = true;
        }
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, status: TaskStatus) -> TaskRecord {
        let now = crate::util::now_ms();
        TaskRecord {
            id: id.into(),
            owner: "alice".into(),
            status,
            status_message: None,
            created_ms: now,
            updated_ms: now,
            ttl_ms: 60_000,
            poll_ms: 500,
            beat_ms: now,
            input_requests: Map::new(),
            result: None,
            error: None,
        }
    }

    #[tokio::test]
    async fn a_full_owner_makes_room_only_from_finished_tasks() {
        let store = MemoryTasks::default();
        assert!(store.create(&record("a", TaskStatus::Working), 2).await.unwrap());
        assert!(store.create(&record("b", TaskStatus::Completed), 2).await.unwrap());
        assert!(store.create(&record("c", TaskStatus::Working), 2).await.unwrap(), "b makes room");
        assert!(store.load("b").await.unwrap().is_none());
        assert!(!store.create(&record("d", TaskStatus::Working), 2).await.unwrap(), "a and c still run");
    }

    #[tokio::test]
    async fn an_ended_task_stays_ended() {
        let store = MemoryTasks::default();
        assert!(store.create(&record("a", TaskStatus::Working), 2).await.unwrap());
        assert!(store.save(&record("a", TaskStatus::Failed)).await.unwrap());
        assert!(!store.save(&record("a", TaskStatus::Completed)).await.unwrap());
        assert_eq!(store.load("a").await.unwrap().unwrap().record.status, TaskStatus::Failed);
    }
}
