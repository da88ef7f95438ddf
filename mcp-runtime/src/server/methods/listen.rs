//! `subscriptions/listen` (2026-07-28): a long-lived request whose stream
//! carries the notifications the client opted in to, each tagged with the
//! subscription's id. It ends when the client cancels it, or when the
//! connection closes.

use serde::Deserialize;
use serde_json::json;

use super::params::{read, MethodResult};
use super::resources::check_subscribable;
use crate::protocol::jsonrpc::encode_notification;
use crate::protocol::method::Method;
use crate::protocol::method::Notice;
use crate::protocol::ErrorObject;
use crate::server::call::{Reply, Request};
use crate::server::core::ServerCore;
use crate::server::item_scopes as scopes;
use crate::server::listen::{Filter, Listeners, Offered};
use crate::util::race;

#[derive(Deserialize)]
struct ListenParams {
    notifications: Filter,
}

/// Unregisters a listener when its request ends, however it ends.
struct Registration<'a> {
    listeners: &'a Listeners,
    key: u64,
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        self.listeners.remove(self.key);
    }
}

/// The URIs a listener asks updates for: bounded in number and length, and
/// each a resource or a match of a template.
fn check_resource_uris(core: &ServerCore, req: &Request, uris: &[String]) -> Result<(), ErrorObject> {
    let max = core.limits.max_subscriptions;
    if uris.len() > max {
        return Err(ErrorObject::invalid_params(format!("at most {max} resource subscriptions per listen stream")));
    }
    for uri in uris {
        check_subscribable(core, uri).map_err(|e| e.to_error_object(uri, req.scope.version))?;
        scopes::check(&req.extensions, &core.item_scopes(Method::ResourcesRead, Some(uri)))?;
    }
    Ok(())
}

pub(crate) async fn listen(core: &ServerCore, req: Request) -> MethodResult {
    let ListenParams { notifications } = read(req.params.as_deref())?;
    let registry = &core.registry;
    let offered = Offered {
        tools: !registry.tools.load().is_empty(),
        prompts: !registry.prompts.load().is_empty(),
        resources: registry.has_resources(),
    };
    let filter = notifications.honoured(&offered);
    check_resource_uris(core, &req, filter.resource_uris())?;
    let subscription = json!({ "io.modelcontextprotocol/subscriptionId": req.id });
    // The acknowledgement is the first message tagged with this id.
    let ack = json!({ "notifications": filter, "_meta": subscription });
    req.route.sink.send(encode_notification(Notice::SubscriptionsAcknowledged.as_str(), &ack));
    if let Some(session) = &req.route.session {
        session.remember_listen(&req.route.cancel);
    }
    let key = registry.listeners.add(req.route.sink.clone(), req.id.clone(), filter);
    let _registration = Registration { listeners: &registry.listeners, key };
    race(req.route.cancel.cancelled(), core.closing.cancelled()).await;
    Ok(Reply::Json(json!({ "_meta": subscription })))
}
