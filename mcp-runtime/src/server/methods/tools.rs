//! `tools/list` and `tools/call`.

use serde_json::json;

use super::context::{handler_context, round_for, run_round};
use super::params::{optional_params, read, MethodResult};
use crate::handler::panic::tool_panic_result;
use crate::handler::trace_bridge;
use crate::protocol::requests::{CallToolParams, ToolsList};
use crate::protocol::{codes, ErrorObject};
use crate::server::call::{Reply, Request};
use crate::server::core::ServerCore;
use crate::server::tasks::call::call_as_task;
use crate::server::tasks::state::{Serving, Tasks};
use crate::util::catch_unwind;

pub(crate) fn list(core: &ServerCore, req: &Request) -> MethodResult {
    let params = optional_params::<ToolsList>(req)?;
    core.registry.tools.load().page(params.cursor.as_deref(), req.scope.shape()).map(Reply::Cached)
}

pub(crate) async fn call(core: &ServerCore, mut req: Request) -> MethodResult {
    let params: CallToolParams<&serde_json::value::RawValue> = read(req.params.as_deref())?;
    let tools = core.registry.tools.load();
    let tool = tools
        .get(&params.name)
        .ok_or_else(|| ErrorObject::invalid_params(format!("unknown tool `{}`", params.name)))?;
    match Tasks::serving(tool.task_support(), &req.scope) {
        Serving::Directly => {}
        Serving::AsTask(_) => return call_as_task(core, &req, tool, params.arguments).await,
        Serving::Refused => {
            return Err(crate::protocol::tasks::extension_required(&format!(
                "tool `{}` runs only as a task, so it",
                params.name
            )))
        }
    }
    let round = round_for(core, &req).await?;
    let extensions = std::mem::take(&mut req.extensions);
    let token = params.meta.and_then(|m| m.progress_token);
    let (stateless, structured) = (req.scope.stateless, req.scope.shape().has_structured_output());
    let ctx = handler_context(core, &req, extensions, token, round.clone());
    // A panic while the shim binds the arguments, or while the tool runs,
    // is the tool's failure: an `isError` result the model can read.
    let call = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tool.call(&ctx, params.arguments)));
    let show = core.limits.show_panic_details;
    let running = trace_bridge::scoped(ctx.clone(), async {
        match call {
            Ok(future) => catch_unwind(future).await.unwrap_or_else(|payload| Ok(tool_panic_result(payload, show))),
            Err(payload) => Ok(tool_panic_result(payload, show)),
        }
    });
    let mut result = match run_round(core, round.as_ref(), running).await {
        Ok(result) => result?,
        Err(input_required) => return Ok(input_required),
    };
    if let Some(capability) = ctx.missing_capability().filter(|_| stateless && result.is_error) {
        return Err(missing_capability(capability));
    }
    result.downgrade(structured);
    Ok(Reply::Tool(result))
}

/// `-32021`: the call needed a client capability the request did not declare.
fn missing_capability(capability: &str) -> ErrorObject {
    let key = match capability {
        "URL elicitation" | "elicitation" => "elicitation",
        other => other,
    };
    ErrorObject::new(
        codes::MISSING_REQUIRED_CLIENT_CAPABILITY,
        format!("Missing required client capability: {capability}"),
    )
    .with_data(json!({ "requiredCapabilities": { key: {} } }))
}
