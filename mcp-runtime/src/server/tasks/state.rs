//! [`Tasks`]: a server's task store and the tasks this process runs;
//! who may see a task, and how `tasks/get` shows it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::sync::Notify;

use crate::handler::{Extensions, Identity, PeerAddress, TaskSupport};
use crate::protocol::scope::Scope;
use crate::protocol::tasks::{self, iso8601};
use crate::protocol::{codes, ErrorObject, TaskInfo, TaskStatus};
use crate::store::{MemoryTasks, StoreError, TaskEntry, TaskRecord, TaskStore};
use crate::util::MutexExt;

/// How often a runner says its task is alive.
pub(crate) const BEAT: Duration = Duration::from_secs(2);
/// How long without a beat before a task counts as lost with its instance.
const STALE: Duration = Duration::from_secs(8);

/// The task settings a server is built with.
#[derive(Debug, Clone)]
pub(crate) struct TaskLimits {
    /// How long a task is kept after its creation.
    pub(crate) ttl: Duration,
    /// The poll interval clients are given.
    pub(crate) poll: Duration,
    /// How many tasks one caller keeps at most.
    pub(crate) max_per_caller: usize,
    /// How long a call runs in its request before it becomes a task.
    pub(crate) grace: Duration,
}

impl Default for TaskLimits {
    fn default() -> Self {
        TaskLimits {
            ttl: Duration::from_secs(3600),
            poll: Duration::from_millis(500),
            max_per_caller: 256,
            grace: Duration::from_millis(20),
        }
    }
}

/// The tasks of a server: their store, and the ones this process runs.
pub(crate) struct Tasks {
    pub(crate) limits: TaskLimits,
    store: OnceLock<Arc<dyn TaskStore>>,
    memory: Arc<MemoryTasks>,
    running: Mutex<HashMap<String, Arc<Running>>>,
}

/// A task this process runs: how to wake its runner.
#[derive(Default)]
pub(crate) struct Running {
    pub(crate) wake: Notify,
}

/// How one `tools/call` is served.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Serving {
    Directly,
    AsTask(TaskSupport),
    /// The tool runs only as a task, and the client cannot follow one.
    Refused,
}

impl Tasks {
    pub(crate) fn new(limits: TaskLimits) -> Self {
        let memory = Arc::new(MemoryTasks::default());
        Tasks { limits, store: OnceLock::new(), memory, running: Mutex::default() }
    }

    /// Keeps task records in `store` from now on (the first store given stays).
    #[cfg(feature = "server-http")]
    pub(crate) fn use_store(&self, store: Arc<dyn TaskStore>) {
        let _ = self.store.set(store);
    }

    pub(crate) fn store(&self) -> &dyn TaskStore {
        match self.store.get() {
            Some(store) => store.as_ref(),
            None => self.memory.as_ref(),
        }
    }

    /// How a call to a tool with `support` is served for a request in `scope`.
    pub(crate) fn serving(support: TaskSupport, scope: &Scope) -> Serving {
        let can_follow = scope.stateless && tasks::declared(&scope.client.capabilities);
        match support {
            TaskSupport::Forbidden => Serving::Directly,
            _ if can_follow => Serving::AsTask(support),
            TaskSupport::Required => Serving::Refused,
            _ => Serving::Directly,
        }
    }

    pub(crate) fn register(&self, id: &str) -> Arc<Running> {
        let running = Arc::new(Running::default());
        self.running.locked().insert(id.to_owned(), Arc::clone(&running));
        running
    }

    pub(crate) fn unregister(&self, id: &str) {
        self.running.locked().remove(id);
    }

    /// Wakes the runner of a task this process runs, to read its record now.
    pub(crate) fn wake(&self, id: &str) {
        if let Some(running) = self.running.locked().get(id) {
            running.wake.notify_one();
        }
    }

    /// The task `id` as `caller` may see it: `-32602` when it is unknown,
    /// expired or someone else's. A task whose runner stopped beating (its
    /// instance died) is failed first.
    pub(crate) async fn find(&self, id: &str, caller: &Caller) -> Result<TaskEntry, ErrorObject> {
        let found = self.store().load(id).await.map_err(store_failed)?;
        let mut entry = found.filter(|e| caller.may_see(&e.record)).ok_or_else(|| tasks::not_found(id))?;
        let now = crate::util::now_ms();
        // Only a shared store can outlive the instance that runs a task: in
        // memory, a late beat means a busy tool, not a dead runner.
        let shared = self.store.get().is_some();
        let stale = shared && now.saturating_sub(entry.record.beat_ms) > duration_ms(STALE);
        if stale && !entry.record.status.is_terminal() {
            let record = &mut entry.record;
            record.status = TaskStatus::Failed;
            record.updated_ms = now;
            let why = "the instance running this task stopped before it finished";
            record.status_message = Some(why.into());
            record.error = Some(ErrorObject::new(codes::INTERNAL_ERROR, why));
            record.input_requests.clear();
            self.store().save(record).await.map_err(store_failed)?;
        }
        Ok(entry)
    }
}

/// Who makes a request, for binding tasks: the token's owner when the
/// server authorizes requests, else the peer's address (which only bounds
/// how many tasks it keeps: the task id is then the only key).
pub(crate) struct Caller {
    pub(crate) key: String,
}

impl Caller {
    pub(crate) fn of(extensions: &Extensions) -> Self {
        let key = match (extensions.get::<Identity>(), extensions.get::<PeerAddress>()) {
            (Some(identity), _) => format!("id:{}", identity.owner()),
            (None, Some(peer)) => format!("ip:{}", peer.0),
            (None, None) => "anyone".to_owned(),
        };
        Caller { key }
    }

    fn may_see(&self, record: &TaskRecord) -> bool {
        (!record.owner.starts_with("id:") && !self.key.starts_with("id:")) || record.owner == self.key
    }
}

/// A task as `tasks/get` shows it: answered questions are no longer
/// outstanding, even before its runner has taken their answers.
pub(crate) fn info(entry: &TaskEntry) -> TaskInfo {
    let record = &entry.record;
    let outstanding: Map<String, Value> = record
        .input_requests
        .iter()
        .filter(|(key, _)| !entry.answers.contains_key(*key))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let status = match record.status {
        TaskStatus::InputRequired if outstanding.is_empty() => TaskStatus::Working,
        status => status,
    };
    TaskInfo {
        task_id: record.id.clone(),
        status,
        status_message: record.status_message.clone(),
        created_at: iso8601(record.created_ms),
        last_updated_at: iso8601(record.updated_ms),
        ttl_ms: Some(record.ttl_ms.max(1)),
        poll_interval_ms: Some(record.poll_ms.max(1)),
        input_requests: (status == TaskStatus::InputRequired).then_some(outstanding),
        result: record.result.clone().filter(|_| status == TaskStatus::Completed),
        error: record.error.clone().filter(|_| status == TaskStatus::Failed),
    }
}

pub(crate) fn store_failed(error: StoreError) -> ErrorObject {
    ErrorObject::new(codes::INTERNAL_ERROR, format!("the task store failed: {error}"))
}

pub(crate) fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned_by(owner: &str) -> TaskRecord {
        TaskRecord {
            id: "t".into(),
            owner: owner.into(),
            status: TaskStatus::Working,
            status_message: None,
            created_ms: 0,
            updated_ms: 0,
            ttl_ms: 1,
            poll_ms: 1,
            beat_ms: 0,
            input_requests: Map::new(),
            result: None,
            error: None,
        }
    }

    #[test]
    fn a_task_started_with_a_token_is_only_its_subjects() {
        let caller = |key: &str| Caller { key: key.into() };
        assert!(caller("id:alice").may_see(&owned_by("id:alice")));
        assert!(!caller("id:bob").may_see(&owned_by("id:alice")));
        assert!(!caller("ip:10.0.0.1").may_see(&owned_by("id:alice")));
        assert!(!caller("id:alice").may_see(&owned_by("ip:10.0.0.1")));
        // Without tokens the unguessable id is the key: any address may follow it.
        assert!(caller("ip:10.0.0.2").may_see(&owned_by("ip:10.0.0.1")));
    }
}
