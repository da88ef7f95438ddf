//! The scopes a request needs: those of the tool, prompt or resource it
//! names, and the check the core makes for any request with an identity,
//! whatever its transport ([`crate::authorization`] configures the rest).

use crate::handler::TemplateDef;
use crate::handler::{Extensions, Identity};
use crate::protocol::method::Method;
use crate::protocol::{codes, ErrorObject};
use crate::server::core::ServerCore;

impl ServerCore {
    /// The scopes of the item a request names (`tools/call`, `prompts/get`,
    /// `resources/read`, `resources/subscribe`); none for other methods or
    /// unknown items. A URI over the length limit names nothing: the
    /// method refuses it.
    pub(crate) fn item_scopes(&self, method: Method, target: Option<&str>) -> Vec<String> {
        let Some(target) = target else { return Vec::new() };
        let registry = &self.registry;
        let found = match method {
            Method::ToolsCall => registry.tools.load().get(target).map(|t| t.scopes.clone()),
            Method::PromptsGet => registry.prompts.load().get(target).map(|p| p.scopes.clone()),
            Method::ResourcesRead | Method::Subscribe if target.len() <= self.limits.max_uri_bytes => {
                match registry.resources.load().get(target) {
                    Some(resource) => Some(resource.scopes.clone()),
                    None => TemplateDef::best_match(registry.templates.load().items(), target)
                        .map(|(t, _)| t.scopes.clone()),
                }
            }
            _ => None,
        };
        found.unwrap_or_default()
    }

    /// Every scope the server's items name, for `scopes_supported`.
    #[cfg(feature = "server-http")]
    pub(crate) fn all_item_scopes(&self) -> Vec<String> {
        let registry = &self.registry;
        let mut all: Vec<String> = Vec::new();
        all.extend(registry.tools.load().items().iter().flat_map(|t| t.scopes.clone()));
        all.extend(registry.prompts.load().items().iter().flat_map(|p| p.scopes.clone()));
        all.extend(registry.resources.load().items().iter().flat_map(|r| r.scopes.clone()));
        all.extend(registry.templates.load().items().iter().flat_map(|t| t.scopes.clone()));
        all.sort();
        all.dedup();
        all
    }
}

/// Put in a request's extensions by a transport that has checked the
/// scopes of the item the request names (the HTTP POST, to answer 403
/// with a challenge before the protocol runs). The core does not check
/// them again when the request names that same item.
#[derive(Clone, Debug)]
pub(crate) struct ItemScopesChecked {
    pub(crate) method: Method,
    pub(crate) target: Box<str>,
}

impl ItemScopesChecked {
    /// Whether this check covered a request for `method` on `target`.
    pub(crate) fn covers(&self, method: Method, target: Option<&str>) -> bool {
        self.method == method && target == Some(&*self.target)
    }
}

/// The scopes of `required` that `identity` lacks.
pub(crate) fn missing<'a>(identity: &Identity, required: &'a [String]) -> Vec<&'a str> {
    let granted = identity.scopes();
    required.iter().filter(|r| !granted.contains(r)).map(String::as_str).collect()
}

/// Whether the identity in `extensions`, if any, holds `required`: the
/// check for items a request reaches other than by its target
/// (`completion/complete` of a prompt or template, `subscriptions/listen`
/// of a resource).
pub(crate) fn check(extensions: &Extensions, required: &[String]) -> Result<(), ErrorObject> {
    match extensions.get::<Identity>() {
        Some(identity) if !missing(identity, required).is_empty() => Err(insufficient_scope(required)),
        _ => Ok(()),
    }
}

/// The JSON-RPC error for a request whose token lacks scopes (where no
/// HTTP status can say so), naming every scope the request needs.
pub(crate) fn insufficient_scope(required: &[String]) -> ErrorObject {
    let scope = required.join(" ");
    ErrorObject::new(codes::INSUFFICIENT_SCOPE, format!("insufficient scope: this request needs `{scope}`"))
        .with_data(serde_json::json!({ "error": "insufficient_scope", "scope": scope }))
}
