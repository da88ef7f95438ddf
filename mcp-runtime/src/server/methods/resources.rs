//! `resources/list`, `resources/templates/list`, `resources/read`,
//! `resources/subscribe` and `resources/unsubscribe`.

use serde_json::json;

use super::context::{handler_context, round_for, run_round};
use super::params::{optional_params, params, MethodResult};
use crate::handler::resource::ReadInput;
use crate::handler::trace_bridge;
use crate::handler::{Bindings, Context, ResourceError, TemplateDef};
use crate::protocol::requests::{ResourcesList, ResourcesRead, Subscribe, TemplatesList, Unsubscribe, UriParams};
use crate::protocol::{CacheHint, ErrorObject, ReadResourceResult, ResourceContents};
use crate::server::call::{Reply, Request};
use crate::server::core::ServerCore;
use crate::server::registry::Registry;

pub(crate) fn list(core: &ServerCore, req: &Request) -> MethodResult {
    let params = optional_params::<ResourcesList>(req)?;
    core.registry.resources.load().page(params.cursor.as_deref(), req.scope.shape()).map(Reply::Cached)
}

pub(crate) fn list_templates(core: &ServerCore, req: &Request) -> MethodResult {
    let params = optional_params::<TemplatesList>(req)?;
    core.registry.templates.load().page(params.cursor.as_deref(), req.scope.shape()).map(Reply::Cached)
}

pub(crate) async fn read(core: &ServerCore, mut req: Request) -> MethodResult {
    let UriParams { uri } = params::<ResourcesRead>(&req)?;
    let version = req.scope.version;
    check_uri_length(core, &uri).map_err(|e| e.to_error_object(&uri, version))?;
    let round = round_for(core, &req).await?;
    let extensions = std::mem::take(&mut req.extensions);
    let ctx = handler_context(core, &req, extensions, None, round.clone());
    let reading = trace_bridge::scoped(ctx.clone(), read_with_hint(&core.registry, &ctx, &uri));
    let read = match run_round(core, round.as_ref(), reading).await {
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

/// `resources/subscribe` (`true`) and `resources/unsubscribe` (`false`).
/// A subscription must name a resource or match a template, within the
/// URI length limit, and a session keeps a bounded number of them.
pub(crate) fn subscribe(core: &ServerCore, req: &Request, subscribed: bool) -> MethodResult {
    let UriParams { uri } = if subscribed { params::<Subscribe>(req)? } else { params::<Unsubscribe>(req)? };
    let checked = if subscribed { check_subscribable(core, &uri) } else { check_uri_length(core, &uri) };
    checked.map_err(|e| e.to_error_object(&uri, req.scope.version))?;
    if let Some(session) = &req.route.session {
        session.set_subscribed(&uri, subscribed, core.limits.max_subscriptions)?;
    }
    Ok(Reply::Json(json!({})))
}

/// Whether updates of `uri` can be subscribed to.
pub(crate) fn check_subscribable(core: &ServerCore, uri: &str) -> Result<(), ResourceError> {
    check_uri_length(core, uri)?;
    let registry = &core.registry;
    if registry.resources.load().get(uri).is_some() {
        return Ok(());
    }
    match TemplateDef::best_match(registry.templates.load().items(), uri) {
        Some((_, bound)) => bound.map(drop).map_err(|why| ResourceError::invalid(why.to_string())),
        None => Err(ResourceError::not_found(uri)),
    }
}

/// Every method that takes a URI refuses one longer than the limit, before
/// matching it against anything.
pub(crate) fn check_uri_length(core: &ServerCore, uri: &str) -> Result<(), ResourceError> {
    let limit = core.limits.max_uri_bytes;
    if uri.len() > limit {
        return Err(ResourceError::invalid(format!("the URI is longer than the {limit}-byte limit")));
    }
    Ok(())
}

/// Reads a resource; also returns the resource's own cache hint, if any.
pub(crate) async fn read_with_hint(
    registry: &Registry,
    ctx: &Context,
    uri: &str,
) -> Result<(Vec<ResourceContents>, Option<CacheHint>), ResourceError> {
    if let Some(def) = registry.resources.load().get(uri) {
        let bindings = Bindings::default();
        return Ok(((def.read)(ReadInput { ctx, uri, bindings: &bindings }).await?, def.cache));
    }
    let templates = registry.templates.load();
    let (template, bound) =
        TemplateDef::best_match(templates.items(), uri).ok_or_else(|| ResourceError::not_found(uri))?;
    let bindings = bound.map_err(|why| ResourceError::invalid(why.to_string()))?;
    Ok(((template.read)(ReadInput { ctx, uri, bindings: &bindings }).await?, template.cache))
}

/// The error for an unknown reference in `completion/complete`.
pub(crate) fn unknown_reference(kind: &str, key: &str) -> ErrorObject {
    ErrorObject::invalid_params(format!("unknown {kind} `{key}`"))
}
