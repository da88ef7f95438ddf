//! `prompts/list` and `prompts/get`.

use serde_json::json;

use super::context::{handler_context, round_for, run_round};
use super::params::{optional_params, params, MethodResult};
use crate::handler::prompt::PromptInput;
use crate::handler::{trace_bridge, PromptArgs};
use crate::protocol::requests::{GetPromptParams, PromptsGet, PromptsList};
use crate::protocol::ErrorObject;
use crate::server::call::{Reply, Request};
use crate::server::core::ServerCore;

pub(crate) fn list(core: &ServerCore, req: &Request) -> MethodResult {
    let params = optional_params::<PromptsList>(req)?;
    core.registry.prompts.load().page(params.cursor.as_deref(), req.scope.shape()).map(Reply::Cached)
}

pub(crate) async fn get(core: &ServerCore, mut req: Request) -> MethodResult {
    let GetPromptParams { name, arguments } = params::<PromptsGet>(&req)?;
    let prompts = core.registry.prompts.load();
    let prompt = prompts.get(&name).ok_or_else(|| ErrorObject::invalid_params(format!("unknown prompt `{name}`")))?;
    let round = round_for(core, &req).await?;
    let extensions = std::mem::take(&mut req.extensions);
    let ctx = handler_context(core, &req, extensions, None, round.clone());
    let args = PromptArgs::new(arguments);
    let rendering = trace_bridge::scoped(ctx.clone(), (prompt.get)(PromptInput { ctx: &ctx, args: &args }));
    match run_round(core, round.as_ref(), rendering).await {
        Ok(result) => Ok(Reply::Json(json!(result?))),
        Err(input_required) => Ok(input_required),
    }
}
