//! A `tools/call` served as a task: run in its request for a moment, then
//! made a task if it is still running.

use std::sync::Arc;

use serde_json::value::RawValue;
use tokio_util::sync::CancellationToken;

use super::answers::TaskAnswers;
use super::progress::LatestProgress;
use super::runner::{self, Outcome, Work};
use super::state::{duration_ms, info, store_failed, Caller};
use crate::handler::context::{ClientAnswers, ContextParts};
use crate::handler::panic::tool_panic_result;
use crate::handler::{trace_bridge, Context, TaskSupport, ToolDef};
use crate::protocol::{codes, ErrorObject, TaskStatus};
use crate::server::call::{Reply, Request};
use crate::server::core::ServerCore;
use crate::server::methods::context::round_for;
use crate::server::methods::params::MethodResult;
use crate::store::TaskRecord;
use crate::util::{catch_unwind, race, Either};

/// Serves a call to `tool` from a client that declared the extension.
pub(crate) async fn call_as_task(
    core: &ServerCore,
    req: &Request,
    tool: &ToolDef,
    arguments: Option<&RawValue>,
) -> MethodResult {
    let round = round_for(core, req).await?.ok_or_else(|| ErrorObject::internal("a task call without its round"))?;
    let answers = Arc::new(TaskAnswers::new(Arc::clone(&round)));
    let cancel = CancellationToken::new();
    let progress = Arc::new(LatestProgress::default());
    let input = Arc::clone(&answers) as Arc<dyn ClientAnswers>;
    let ctx = task_context(core, req, input, Arc::clone(&progress), cancel.clone());
    let mut work = start(tool, &ctx, arguments, core.limits.show_panic_details);
    let grace = tokio::time::sleep(core.tasks.limits.grace);
    let now_or_soon = race(answers.wants_task.notified(), grace);
    match race(&mut work, race(round.needed(), now_or_soon)).await {
        Either::Left(outcome) if tool.task_support() == TaskSupport::Optional => direct(req, outcome),
        Either::Left(outcome) => {
            let mut record = new_record(core, req, TaskStatus::Working);
            runner::finish(&mut record, outcome, core.limits.max_message_bytes);
            create(core, &record).await
        }
        Either::Right(Either::Left(())) => Ok(Reply::Json(round.input_required(&core.state_key))),
        Either::Right(Either::Right(_)) => {
            let record = new_record(core, req, TaskStatus::Working);
            let created = create(core, &record).await?;
            let input = answers.make_task();
            let running = core.tasks.register(&record.id);
            let max_result_bytes = core.limits.max_message_bytes;
            let tasks = Arc::clone(&core.tasks);
            let job = runner::Job { tasks, record, work, input, progress, running, cancel, max_result_bytes };
            tokio::spawn(runner::drive(job));
            Ok(created)
        }
    }
}

/// A call that finished in its request, answered as a direct call is.
fn direct(req: &Request, outcome: Outcome) -> MethodResult {
    let mut result = outcome?;
    result.downgrade(req.scope.shape().has_structured_output());
    Ok(Reply::Tool(result))
}

/// Stores a new task, and answers with its `CreateTaskResult` once any
/// instance can read it.
async fn create(core: &ServerCore, record: &TaskRecord) -> MethodResult {
    let stored = core.tasks.store().create(record, core.tasks.limits.max_per_caller).await.map_err(store_failed)?;
    if !stored {
        return Err(ErrorObject::new(
            codes::INVALID_REQUEST,
            format!(
                "too many tasks: this caller already has {} running; wait for one to finish, or cancel one",
                core.tasks.limits.max_per_caller
            ),
        ));
    }
    let entry = crate::store::TaskEntry::new(record.clone());
    Ok(Reply::Json(info(&entry).create_result()))
}

fn new_record(core: &ServerCore, req: &Request, status: TaskStatus) -> TaskRecord {
    let now = crate::util::now_ms();
    let limits = &core.tasks.limits;
    TaskRecord {
        id: crate::util::base64url::encode(&crate::util::random_bytes::<18>()),
        owner: Caller::of(req.extensions()).key,
        status,
        status_message: None,
        created_ms: now,
        updated_ms: now,
        ttl_ms: duration_ms(limits.ttl).max(1),
        poll_ms: duration_ms(limits.poll).max(1),
        beat_ms: now,
        input_requests: serde_json::Map::new(),
        result: None,
        error: None,
    }
}

/// The context of a task's tool: questions go to the task once it is one;
/// it is cancelled by `tasks/cancel`, not by its request's end; and it
/// sends no notifications (the extension has none for tasks): its
/// progress becomes the task's status message.
fn task_context(
    core: &ServerCore,
    req: &Request,
    input: Arc<dyn ClientAnswers>,
    progress: Arc<LatestProgress>,
    cancel: CancellationToken,
) -> Context {
    Context::new(ContextParts {
        request_id: req.id.clone(),
        scope: Arc::clone(&req.scope),
        out: progress,
        cancel,
        progress_token: Some(serde_json::Value::String("task".into())),
        peer: None,
        input: Some(input),
        state: Arc::clone(&core.state),
        extensions: req.extensions.clone(),
    })
}

/// The tool's run, owned; a panic is the tool's failure, as in a direct call.
fn start(tool: &ToolDef, ctx: &Context, arguments: Option<&RawValue>, show: bool) -> Work {
    let call = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tool.call(ctx, arguments)));
    let ctx = ctx.clone();
    Box::pin(trace_bridge::scoped(ctx, async move {
        match call {
            Ok(future) => catch_unwind(future).await.unwrap_or_else(|payload| Ok(tool_panic_result(payload, show))),
            Err(payload) => Ok(tool_panic_result(payload, show)),
        }
    }))
}
