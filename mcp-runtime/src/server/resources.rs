//! `resources/list`, `resources/templates/list`, `resources/read`,
//! `resources/subscribe` and `resources/unsubscribe`.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::json;

use super::dispatch::{optional_params, params, Call, MethodResult, Reply};
use super::registry::Registry;
use super::session::Session;
use crate::handler::resource::ReadInput;
use crate::handler::template::is_traversal;
use crate::handler::Context;
use crate::handler::{Bindings, ResourceError, TemplateDef};
use crate::protocol::jsonrpc::Request;
use crate::protocol::scope::Scope;
use crate::protocol::types::ListParams;
use crate::protocol::CacheHint;
use crate::protocol::{ErrorObject, ReadResourceResult, ResourceContents};

#[derive(Deserialize)]
struct UriParams {
    uri: String,
}

impl Session {
    pub(super) fn list_resources(&self, req: &Request, scope: &Scope) -> MethodResult {
        let params: ListParams = optional_params(req)?;
        self.core.registry.resources.load().page(params.cursor.as_deref(), scope.shape()).map(Reply::Raw)
    }

    pub(super) fn list_templates(&self, req: &Request, scope: &Scope) -> MethodResult {
        let params: ListParams = optional_params(req)?;
        self.core.registry.templates.load().page(params.cursor.as_deref(), scope.shape()).map(Reply::Raw)
    }

    pub(super) async fn read_resource(self: &Arc<Self>, req: &Request, call: Call) -> MethodResult {
        let UriParams { uri } = params(req)?;
        let version = call.scope.version;
        let round = self.round_for(req, &call.scope)?;
        let ctx = self.context_for(&req.id, call, None, round.clone());
        let read = match self.run_round(round.as_ref(), read_with_hint(&self.core.registry, &ctx, &uri)).await {
            Ok(read) => read,
            Err(input_required) => return Ok(input_required),
        };
        let (contents, hint) = read.map_err(|e| e.to_error_object(&uri, version))?;
        let mut result = json!(ReadResourceResult { contents });
        if let (Some(hint), true) = (hint, ctx.is_stateless()) {
            result["ttlMs"] = json!(hint.ttl_ms);
            result["cacheScope"] = json!(hint.scope);
        }
        Ok(Reply::Json(result))
    }

    pub(super) fn subscribe(&self, req: &Request, subscribed: bool) -> MethodResult {
        let UriParams { uri } = params(req)?;
        self.set_subscribed(&uri, subscribed);
        Ok(Reply::Json(json!({})))
    }
}

/// Reads a resource; also returns the resource's own cache hint, if any.
pub(super) async fn read_with_hint(
    registry: &Registry,
    ctx: &Context,
    uri: &str,
) -> Result<(Vec<ResourceContents>, Option<CacheHint>), ResourceError> {
    if let Some(def) = registry.resources.load().get(uri) {
        let bindings = Bindings::default();
        return Ok(((def.read)(ReadInput { ctx, uri, bindings: &bindings }).await?, def.cache));
    }
    let templates = registry.templates.load();
    let (template, bindings) = best_match(templates.items(), uri).ok_or_else(|| ResourceError::not_found(uri))?;
    if let Some(name) = template.parsed.variables().into_iter().find(|n| bindings.get(n).is_some_and(is_traversal)) {
        return Err(ResourceError::invalid(format!("`{name}` must not contain `..` path segments")));
    }
    Ok(((template.read)(ReadInput { ctx, uri, bindings: &bindings }).await?, template.cache))
}

/// The most specific template that matches `uri`, with its bindings.
fn best_match<'a>(templates: &'a [TemplateDef], uri: &str) -> Option<(&'a TemplateDef, Bindings)> {
    let mut ranked: Vec<&TemplateDef> = templates.iter().collect();
    // Stable: equally specific templates keep their registration order.
    ranked.sort_by_key(|t| std::cmp::Reverse(t.parsed.specificity()));
    ranked.into_iter().find_map(|t| t.parsed.match_uri(uri).map(|b| (t, b)))
}

/// The error for an unknown reference in `completion/complete`.
pub(super) fn unknown_reference(kind: &str, key: &str) -> ErrorObject {
    ErrorObject::invalid_params(format!("unknown {kind} `{key}`"))
}
