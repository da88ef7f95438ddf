//! `prompts/list`, `prompts/get` and `completion/complete`.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::dispatch::{optional_params, params, Call, MethodResult, Reply};
use super::resources::unknown_reference;
use super::session::Session;
use crate::handler::complete::MAX_COMPLETIONS;
use crate::handler::prompt::PromptInput;
use crate::handler::{Completer, PromptArgs};
use crate::protocol::jsonrpc::Request;
use crate::protocol::scope::Scope;
use crate::protocol::types::ListParams;
use crate::protocol::ErrorObject;

#[derive(Deserialize)]
struct GetParams {
    name: String,
    #[serde(default)]
    arguments: Map<String, Value>,
}

#[derive(Deserialize)]
struct CompleteParams {
    #[serde(rename = "ref")]
    reference: Reference,
    argument: Argument,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Reference {
    #[serde(rename = "ref/prompt")]
    Prompt { name: String },
    #[serde(rename = "ref/resource")]
    Resource { uri: String },
}

#[derive(Deserialize)]
struct Argument {
    name: String,
    value: String,
}

impl Session {
    pub(super) fn list_prompts(&self, req: &Request, scope: &Scope) -> MethodResult {
        let params: ListParams = optional_params(req)?;
        self.core.registry.prompts.load().page(params.cursor.as_deref(), scope.shape()).map(Reply::Raw)
    }

    pub(super) async fn get_prompt(self: &Arc<Self>, req: &Request, call: Call) -> MethodResult {
        let GetParams { name, arguments } = params(req)?;
        let prompts = self.core.registry.prompts.load();
        let prompt =
            prompts.get(&name).ok_or_else(|| ErrorObject::invalid_params(format!("unknown prompt `{name}`")))?;
        let round = self.round_for(req, &call.scope)?;
        let ctx = self.context_for(&req.id, call, None, round.clone());
        let args = PromptArgs::new(arguments);
        match self.run_round(round.as_ref(), (prompt.get)(PromptInput { ctx: &ctx, args: &args })).await {
            Ok(result) => Ok(Reply::Json(json!(result?))),
            Err(input_required) => Ok(input_required),
        }
    }

    pub(super) fn complete(&self, req: &Request) -> MethodResult {
        let CompleteParams { reference, argument } = params(req)?;
        let registry = &self.core.registry;
        let values = match &reference {
            Reference::Prompt { name } => {
                let prompts = registry.prompts.load();
                let prompt = prompts.get(name).ok_or_else(|| unknown_reference("prompt", name))?;
                candidates(&prompt.completer, &argument)
            }
            Reference::Resource { uri } => {
                let templates = registry.templates.load();
                let template = templates.get(uri).ok_or_else(|| unknown_reference("resource template", uri))?;
                candidates(&template.completer, &argument)
            }
        };
        let total = values.len();
        let shown: Vec<String> = values.into_iter().take(MAX_COMPLETIONS).collect();
        let has_more = total > shown.len();
        Ok(Reply::Json(json!({ "completion": { "values": shown, "total": total, "hasMore": has_more } })))
    }
}

fn candidates(completer: &Completer, argument: &Argument) -> Vec<String> {
    completer.complete(&argument.name, &argument.value).unwrap_or_default()
}
