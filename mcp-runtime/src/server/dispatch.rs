//! One request's way through the server: its rules (the session's, or its
//! own 2026-07-28 `_meta`), the middleware stack, the method table, and
//! exactly one answer, whatever a handler or a layer does.

use std::sync::Arc;

use tracing::Instrument;

use super::call::{Request, Route};
use super::core::ServerCore;
use super::item_scopes::{insufficient_scope, missing, ItemScopesChecked};
use super::methods::{self, MethodResult};
use super::middleware::into_error_object;
use super::session::Phase;
use super::trace::{request_span, Outcome};
use crate::handler::panic::panic_error;
use crate::handler::Identity;
use crate::observe;
use crate::protocol::jsonrpc::{self, encode_error, encode_result};
use crate::protocol::method::Method;
use crate::protocol::scope::{stateless_scope, Scope};
use crate::protocol::ErrorObject;
use crate::util::catch_unwind;

impl ServerCore {
    /// Answers one request: the frame of its response. `scope` is the
    /// request's stateless scope when the transport already read it.
    pub(crate) async fn answer(
        self: &Arc<Self>,
        message: jsonrpc::Request,
        scope: Option<Scope>,
        route: Route,
    ) -> Vec<u8> {
        let id = message.id.clone();
        match self.outcome(message, scope, route).await {
            Ok(reply) => encode_result(&id, &reply),
            Err(error) => encode_error(Some(&id), &error),
        }
    }

    async fn outcome(self: &Arc<Self>, message: jsonrpc::Request, scope: Option<Scope>, route: Route) -> MethodResult {
        let scope = match scope {
            Some(scope) => scope,
            None => scope_of(&message, &route)?,
        };
        let method = check_allowed(&message, &scope, &route)?;
        let stateless = scope.stateless;
        let request = Request::new(message.id, method, message.params, Arc::new(scope), route);
        self.check_item_scopes(&request)?;
        let span = request_span(&request);
        let outcome = Outcome::new(span.clone(), request.method(), self.metric_name(&request));
        let result = self.run(request).instrument(span).await;
        outcome.finish(&result);
        let reply = result?;
        if stateless || method == Method::Discover {
            return Ok(self.stateless.finish(reply, method));
        }
        Ok(reply)
    }

    /// The `name` label of a request's metrics, when metrics are recorded:
    /// the tool or prompt it names if the server has it (so that a peer
    /// cannot grow the label set), else empty.
    fn metric_name(&self, request: &Request) -> Option<Box<str>> {
        if !observe::enabled() {
            return None;
        }
        let name = request.name().unwrap_or_default();
        let known = match request.method {
            Method::ToolsCall => self.registry.tools.load().get(name).is_some(),
            Method::PromptsGet => self.registry.prompts.load().get(name).is_some(),
            _ => false,
        };
        Some(if known { name.into() } else { "".into() })
    }

    /// A request that carries an identity needs the scopes of the item it
    /// names, unless its transport checked them for that item already.
    fn check_item_scopes(&self, request: &Request) -> Result<(), ErrorObject> {
        let Some(identity) = request.extensions.get::<Identity>() else { return Ok(()) };
        let checked = request.extensions.get::<ItemScopesChecked>();
        if checked.is_some_and(|c| c.covers(request.method, request.name())) {
            return Ok(());
        }
        let required = self.item_scopes(request.method, request.name());
        if missing(identity, &required).is_empty() {
            Ok(())
        } else {
            Err(insufficient_scope(&required))
        }
    }

    /// Runs a request through the middleware and its method. A panic in
    /// either is answered with `-32603` (a tool's own panic was already
    /// turned into an `isError` result by the method).
    async fn run(self: &Arc<Self>, request: Request) -> MethodResult {
        let method = request.method;
        let outcome = match &self.stack {
            None => catch_unwind(methods::call(self, request)).await,
            Some(stack) => {
                let through = stack.clone().oneshot(request);
                catch_unwind(through).await.map(|r| r.map_err(into_error_object))
            }
        };
        let show = self.limits.show_panic_details;
        outcome.unwrap_or_else(|payload| Err(panic_error(&format!("`{}`", method.as_str()), payload, show)))
    }
}

/// The rules of a request: its own `_meta` under 2026-07-28, else its session's.
fn scope_of(message: &jsonrpc::Request, route: &Route) -> Result<Scope, ErrorObject> {
    if let Some(stateless) = stateless_scope(message.params.as_deref())? {
        return Ok(stateless);
    }
    Ok(route.session.as_ref().map_or_else(Scope::detached, |s| s.scope()))
}

/// The method, if the request's rules allow it.
fn check_allowed(message: &jsonrpc::Request, scope: &Scope, route: &Route) -> Result<Method, ErrorObject> {
    let name = &*message.method;
    let uninitialized = route.session.as_ref().is_some_and(|s| s.phase() == Phase::New);
    let before_initialize = matches!(message.known, Some(Method::Initialize | Method::Ping | Method::Discover));
    if !scope.stateless && uninitialized && !before_initialize {
        return Err(ErrorObject::invalid_request(format!(
            "`{name}` before `initialize`: initialize the session first, or send a 2026-07-28 request with `_meta`"
        )));
    }
    let method = message.known.ok_or_else(|| ErrorObject::method_not_found(name))?;
    let removed = if scope.stateless { method.removed_in_stateless() } else { method.stateless_only() };
    if removed {
        return Err(ErrorObject::method_not_found(name));
    }
    Ok(method)
}
