//! `completion/complete`: candidates for a prompt argument or a template
//! variable.

use serde_json::json;

use super::context::handler_context;
use super::params::{params, MethodResult};
use super::resources::unknown_reference;
use crate::handler::complete::MAX_COMPLETIONS;
use crate::handler::{Completer, Context};
use crate::protocol::requests::{Complete, CompleteArgument, CompleteParams, CompleteResult, Completion};
use crate::protocol::{CompletionRef, ErrorObject};
use crate::server::call::{Reply, Request};
use crate::server::core::ServerCore;
use crate::server::item_scopes as scopes;

pub(crate) fn complete(core: &ServerCore, mut req: Request) -> MethodResult {
    let CompleteParams { reference, argument } = params::<Complete>(&req)?;
    let extensions = std::mem::take(&mut req.extensions);
    let ctx = handler_context(core, &req, extensions, None, None);
    let registry = &core.registry;
    let values = match &reference {
        CompletionRef::Prompt { name } => {
            let prompts = registry.prompts.load();
            let prompt = prompts.get(name).ok_or_else(|| unknown_reference("prompt", name))?;
            scopes::check(ctx.extensions(), &prompt.scopes)?;
            candidates(&prompt.completer, &ctx, &argument)?
        }
        CompletionRef::Resource { uri } => {
            let templates = registry.templates.load();
            let template = templates.get(uri).ok_or_else(|| unknown_reference("resource template", uri))?;
            scopes::check(ctx.extensions(), &template.scopes)?;
            candidates(&template.completer, &ctx, &argument)?
        }
    };
    let total = values.len();
    let shown: Vec<String> = values.into_iter().take(MAX_COMPLETIONS).collect();
    let has_more = total > shown.len();
    let completion = Completion { values: shown, total, has_more };
    Ok(Reply::Json(json!(CompleteResult { completion })))
}

/// The completer's candidates; none when the argument has no completer.
fn candidates(completer: &Completer, ctx: &Context, argument: &CompleteArgument) -> Result<Vec<String>, ErrorObject> {
    completer.complete(ctx, &argument.name, &argument.value).unwrap_or(Ok(Vec::new()))
}
