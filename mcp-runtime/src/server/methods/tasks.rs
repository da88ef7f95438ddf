//! `tasks/get`, `tasks/update` and `tasks/cancel` (the Tasks extension).
//! Each first checks that the request declares the extension (`-32021`),
//! then that the task is the caller's (`-32602` for any other).

use serde_json::{Map, Value};

use super::params::{read, MethodResult};
use crate::protocol::tasks::{self, TaskRef, TaskUpdate};
use crate::server::call::{Reply, Request};
use crate::server::core::ServerCore;
use crate::server::tasks::state::{info, store_failed, Caller};

/// `-32021` for a request that does not declare the extension.
fn gate(req: &Request, method: &str) -> Result<(), crate::protocol::ErrorObject> {
    if tasks::declared(&req.scope.client.capabilities) {
        Ok(())
    } else {
        Err(tasks::extension_required(&format!("`{method}`")))
    }
}

pub(crate) async fn get(core: &ServerCore, req: &Request) -> MethodResult {
    gate(req, "tasks/get")?;
    let params: TaskRef = read(req.params.as_deref())?;
    let entry = core.tasks.find(&params.task_id, &Caller::of(req.extensions())).await?;
    Ok(Reply::Json(info(&entry).get_result()))
}

/// Takes the answers to questions the task has outstanding; answers to
/// anything else are ignored, and acknowledged alike.
pub(crate) async fn update(core: &ServerCore, req: &Request) -> MethodResult {
    gate(req, "tasks/update")?;
    let params: TaskUpdate = read(req.params.as_deref())?;
    let entry = core.tasks.find(&params.task_id, &Caller::of(req.extensions())).await?;
    let outstanding = info(&entry).input_requests.unwrap_or_default();
    let answers: Map<String, Value> =
        params.input_responses.into_iter().filter(|(key, _)| outstanding.contains_key(key)).collect();
    if !answers.is_empty() {
        core.tasks.store().answer(&params.task_id, &answers).await.map_err(store_failed)?;
        core.tasks.wake(&params.task_id);
    }
    Ok(Reply::Json(tasks::ack()))
}

/// Asks the task to stop; a task that has ended is acknowledged as is.
pub(crate) async fn cancel(core: &ServerCore, req: &Request) -> MethodResult {
    gate(req, "tasks/cancel")?;
    let params: TaskRef = read(req.params.as_deref())?;
    let entry = core.tasks.find(&params.task_id, &Caller::of(req.extensions())).await?;
    if !entry.record.status.is_terminal() {
        core.tasks.store().request_cancel(&params.task_id).await.map_err(store_failed)?;
        core.tasks.wake(&params.task_id);
    }
    Ok(Reply::Json(tasks::ack()))
}
