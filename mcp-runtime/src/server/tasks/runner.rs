//! Runs a task in the background: the tool, its heartbeat in the store,
//! the client's answers and cancel request (read from the store, so they
//! may come through any instance), and its outcome.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::answers::TaskInput;
use super::progress::LatestProgress;
use super::state::{duration_ms, Running, Tasks, BEAT};
use std::future::Future;
use std::pin::Pin;

use crate::protocol::{codes, CallToolResult, ErrorObject, TaskStatus};
use crate::store::{TaskEntry, TaskRecord};
use crate::util::{race, Either};

/// What a tool call ends with.
pub(crate) type Outcome = Result<CallToolResult, ErrorObject>;

/// A tool call on its way, owned, to go on in the background.
pub(crate) type Work = Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// How often a runner reads its record for answers and a cancel request
/// that came through another instance (one on this instance wakes it at once).
const CHECK: Duration = Duration::from_millis(250);

/// A task to run, with what it needs.
pub(crate) struct Job {
    pub(crate) tasks: Arc<Tasks>,
    pub(crate) record: TaskRecord,
    pub(crate) work: Work,
    pub(crate) input: Arc<TaskInput>,
    pub(crate) progress: Arc<LatestProgress>,
    pub(crate) running: Arc<Running>,
    /// The tool's own token, cancelled when the client cancels the task.
    pub(crate) cancel: CancellationToken,
    pub(crate) max_result_bytes: usize,
}

/// Runs the job to its end, recording each change of its status.
pub(crate) async fn drive(mut job: Job) {
    let id = job.record.id.clone();
    loop {
        let woken = race(job.input.asked_more.notified(), race(job.running.wake.notified(), tokio::time::sleep(CHECK)));
        match race(&mut job.work, woken).await {
            Either::Left(outcome) => {
                finish(&mut job.record, outcome, job.max_result_bytes);
                save_the_end(&job.tasks, &job.record).await;
                break;
            }
            Either::Right(_) => {
                if !check(&mut job).await {
                    break;
                }
            }
        }
    }
    job.tasks.unregister(&id);
}

/// Reads the record and acts on it; `false` when the task is over (cancelled,
/// ended elsewhere or gone), and the tool is to be dropped.
async fn check(job: &mut Job) -> bool {
    let entry = match job.tasks.store().load(&job.record.id).await {
        Ok(Some(entry)) => entry,
        Ok(None) => {
            job.cancel.cancel();
            return false;
        }
        Err(error) => {
            tracing::warn!(task = %crate::util::shown_id(&job.record.id), "{error}");
            return true;
        }
    };
    if entry.record.status.is_terminal() {
        job.cancel.cancel();
        return false;
    }
    if entry.cancel_requested {
        job.cancel.cancel();
        set_status(&mut job.record, TaskStatus::Cancelled, Some("cancelled at the client's request".into()));
        job.record.input_requests.clear();
        save_the_end(&job.tasks, &job.record).await;
        return false;
    }
    record_questions(job, &entry);
    if let Some(message) = job.progress.take().filter(|_| job.record.status == TaskStatus::Working) {
        job.record.status_message = Some(message);
    }
    let now = crate::util::now_ms();
    let changed = job.record.input_requests != entry.record.input_requests
        || job.record.status != entry.record.status
        || job.record.status_message != entry.record.status_message;
    if changed || now.saturating_sub(job.record.beat_ms) >= duration_ms(BEAT) {
        job.record.beat_ms = now;
        return save(&job.tasks, &job.record).await;
    }
    true
}

/// Hands the tool the answers the client gave, and records what it still asks.
fn record_questions(job: &mut Job, entry: &TaskEntry) {
    job.input.deliver(&entry.answers);
    let outstanding = job.input.outstanding();
    let status = if outstanding.is_empty() { TaskStatus::Working } else { TaskStatus::InputRequired };
    if status != job.record.status {
        set_status(&mut job.record, status, None);
    }
    job.record.input_requests = outstanding;
}

/// Saves the runner's record; `false` when the store no longer takes it
/// (it ended elsewhere, or expired).
async fn save(tasks: &Tasks, record: &TaskRecord) -> bool {
    match tasks.store().save(record).await {
        Ok(saved) => saved,
        Err(error) => {
            tracing::warn!(task = %crate::util::shown_id(&record.id), "{error}");
            true
        }
    }
}

/// Saves how the task ended, retrying while the store is unreachable (for
/// up to a minute), so that a short outage does not lose a result.
async fn save_the_end(tasks: &Tasks, record: &TaskRecord) {
    for attempt in 0..60u32 {
        match tasks.store().save(record).await {
            Ok(_) => return,
            Err(error) if attempt == 0 => {
                tracing::warn!(task = %crate::util::shown_id(&record.id), "{error}; retrying")
            }
            Err(_) => {}
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    tracing::warn!(task = %crate::util::shown_id(&record.id), "its end could not be saved; it will read as failed");
}

fn set_status(record: &mut TaskRecord, status: TaskStatus, message: Option<String>) {
    record.status = status;
    record.status_message = message;
    record.updated_ms = crate::util::now_ms();
}

/// Records how the tool ended: a result (a tool error too) completes the
/// task, a JSON-RPC error fails it, and so does a result too large to keep.
pub(crate) fn finish(record: &mut TaskRecord, outcome: Outcome, max_result_bytes: usize) {
    record.input_requests.clear();
    let result = outcome.and_then(|result| {
        let value = serde_json::to_value(&result).map_err(ErrorObject::internal)?;
        let size = serde_json::to_string(&value).map_or(usize::MAX, |s| s.len());
        if size > max_result_bytes {
            let why = format!("the result is {size} bytes, over the {max_result_bytes} a task may keep");
            return Err(ErrorObject::new(codes::INTERNAL_ERROR, why));
        }
        Ok(value)
    });
    match result {
        Ok(value) => {
            record.result = Some(value);
            set_status(record, TaskStatus::Completed, None);
        }
        Err(error) => {
            let message = error.message.clone();
            record.error = Some(error);
            set_status(record, TaskStatus::Failed, Some(message));
        }
    }
}
