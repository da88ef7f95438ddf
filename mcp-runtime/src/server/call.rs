//! The narrow types of the request path: [`Request`], one MCP request on
//! its way to its method (what middleware sees), and [`Reply`], what a
//! method answers with.

use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::session::Session;
use crate::handler::Extensions;
use crate::protocol::method::Method;
use crate::protocol::scope::Scope;
use crate::protocol::{CallToolResult, Implementation, ProtocolVersion, RequestId, Sink, TraceContext};

/// One MCP request, as middleware sees it: the method, what it names, its
/// params, who sent it and under which rules, and the extensions that
/// transports and earlier layers attached.
///
/// Notifications, responses and `ping` never reach middleware: the
/// connection core handles them itself.
pub struct Request {
    pub(crate) id: RequestId,
    pub(crate) method: Method,
    pub(crate) params: Option<Box<RawValue>>,
    pub(crate) scope: Arc<Scope>,
    pub(crate) extensions: Extensions,
    pub(crate) route: Route,
    target: OnceLock<Option<Box<str>>>,
}

/// Where a request's answers go, how it is cancelled, its session, and
/// the values its transport attached (they move into the [`Request`]).
#[derive(Clone)]
pub(crate) struct Route {
    pub(crate) session: Option<Arc<Session>>,
    pub(crate) sink: Sink,
    pub(crate) cancel: CancellationToken,
    pub(crate) extensions: Extensions,
}

impl Request {
    pub(crate) fn new(
        id: RequestId,
        method: Method,
        params: Option<Box<RawValue>>,
        scope: Arc<Scope>,
        mut route: Route,
    ) -> Self {
        let extensions = std::mem::take(&mut route.extensions);
        Request { id, method, params, scope, extensions, route, target: OnceLock::new() }
    }

    /// The request's id.
    pub fn id(&self) -> &RequestId {
        &self.id
    }

    /// The method, e.g. `"tools/call"`.
    pub fn method(&self) -> &'static str {
        self.method.as_str()
    }

    /// What the request acts on: the tool or prompt name of `tools/call`
    /// and `prompts/get`, the URI of `resources/read` and
    /// `resources/subscribe`, the task id of `tasks/*`; `None` otherwise.
    pub fn name(&self) -> Option<&str> {
        self.target.get_or_init(|| self.read_target()).as_deref()
    }

    /// Reads only the member the method names, so that another member of
    /// an unexpected type cannot hide the target (and the scopes it needs).
    fn read_target(&self) -> Option<Box<str>> {
        #[derive(Deserialize)]
        struct Name<'a> {
            #[serde(borrow)]
            name: Option<std::borrow::Cow<'a, str>>,
        }
        #[derive(Deserialize)]
        struct Uri<'a> {
            #[serde(borrow)]
            uri: Option<std::borrow::Cow<'a, str>>,
        }
        #[derive(Deserialize)]
        struct TaskId<'a> {
            #[serde(borrow, rename = "taskId")]
            task_id: Option<std::borrow::Cow<'a, str>>,
        }
        let params = self.params.as_deref()?.get();
        let value = match self.method.target()? {
            "uri" => serde_json::from_str::<Uri<'_>>(params).ok()?.uri,
            "taskId" => serde_json::from_str::<TaskId<'_>>(params).ok()?.task_id,
            _ => serde_json::from_str::<Name<'_>>(params).ok()?.name,
        };
        value.map(|v| v.into())
    }

    /// The raw `params` object, if any.
    pub fn params(&self) -> Option<&RawValue> {
        self.params.as_deref()
    }

    /// The protocol revision the request is served under.
    pub fn protocol_version(&self) -> Option<ProtocolVersion> {
        self.scope.version
    }

    /// Whether the request is served statelessly (2026-07-28).
    pub fn is_stateless(&self) -> bool {
        self.scope.stateless
    }

    /// The client's name and version, when it gave them.
    pub fn client_info(&self) -> Option<&Implementation> {
        self.scope.client.info.as_ref()
    }

    /// The capabilities the client declared.
    pub fn client_capabilities(&self) -> &Value {
        &self.scope.client.capabilities
    }

    /// The W3C trace context (`traceparent`, `tracestate`, `baggage`) the
    /// client sent in the request's `_meta` (SEP-414), for joining its trace.
    pub fn trace_context(&self) -> Option<TraceContext> {
        TraceContext::of(self.params.as_deref())
    }

    /// The id of the session the request belongs to (`None` for a
    /// stateless request).
    pub fn session_id(&self) -> Option<&str> {
        self.route.session.as_ref().filter(|_| !self.scope.stateless).map(|s| s.id())
    }

    /// Whether the client has cancelled the request.
    pub fn is_cancelled(&self) -> bool {
        self.route.cancel.is_cancelled()
    }

    /// The values the transport and earlier layers attached; handlers read
    /// them through `Context::extensions` and the `Extension<T>` extractor.
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// The extensions, to attach a value for later layers and the handler.
    pub fn extensions_mut(&mut self) -> &mut Extensions {
        &mut self.extensions
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("id", &self.id)
            .field("method", &self.method())
            .field("name", &self.name())
            .finish_non_exhaustive()
    }
}

/// What a method answers with: the `result` member of the response.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Reply {
    /// Any JSON result.
    Json(Value),
    /// A result serialized once and shared, such as a cached list page.
    Cached(Arc<RawValue>),
    /// The result of `tools/call`.
    Tool(CallToolResult),
}

impl Reply {
    /// The `tools/call` result, if this is one.
    pub fn tool_result(&self) -> Option<&CallToolResult> {
        match self {
            Reply::Tool(result) => Some(result),
            _ => None,
        }
    }

    /// The `tools/call` result, to change it.
    pub fn tool_result_mut(&mut self) -> Option<&mut CallToolResult> {
        match self {
            Reply::Tool(result) => Some(result),
            _ => None,
        }
    }

    /// The result as a JSON value.
    pub fn to_value(&self) -> Value {
        match self {
            Reply::Json(v) => v.clone(),
            Reply::Cached(raw) => serde_json::from_str(raw.get()).unwrap_or(Value::Null),
            Reply::Tool(t) => serde_json::to_value(t).unwrap_or(Value::Null),
        }
    }
}

impl serde::Serialize for Reply {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Reply::Json(v) => v.serialize(s),
            Reply::Cached(r) => r.serialize(s),
            Reply::Tool(t) => t.serialize(s),
        }
    }
}
