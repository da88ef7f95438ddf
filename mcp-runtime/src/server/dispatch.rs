//! Routing incoming messages to their handlers.
//!
//! A transport hands each frame to [`Session::accept`], which answers what it
//! can at once (parse errors, notifications) and returns the requests that
//! need a slot; the transport acquires a permit (this is where backpressure
//! applies) and passes it to [`Session::spawn`].

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use tokio::runtime::Handle;
use tokio::sync::OwnedSemaphorePermit;
use tokio_util::sync::CancellationToken;

use super::input::InputRound;
use super::session::{Phase, Session};
use crate::handler::context::{Context, ContextParts};
use crate::handler::panic::tool_panic_result;
use crate::handler::trace_bridge;
use crate::protocol::jsonrpc::{self, encode_error, encode_result, Incoming, Notification, Rejected, Request};
use crate::protocol::scope::{removed_in_stateless, stateless_scope, Scope};
use crate::protocol::types::{CallToolParams, CancelledParams, InitializeParams, ListParams, SetLevelParams};
use crate::protocol::Sink;
use crate::protocol::{CallToolResult, ErrorObject, ProtocolVersion};
use crate::util::CatchUnwind;

/// Work that needs an in-flight slot, and where its answers go.
pub(crate) struct Job {
    work: Work,
    sink: Sink,
}

enum Work {
    Request(Request),
    Batch(Vec<Request>),
}

/// What a method answers with.
#[derive(Debug)]
pub(super) enum Reply {
    Json(Value),
    Raw(Arc<RawValue>),
    Tool(CallToolResult),
}

impl serde::Serialize for Reply {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Reply::Json(v) => v.serialize(s),
            Reply::Raw(r) => r.serialize(s),
            Reply::Tool(t) => t.serialize(s),
        }
    }
}

impl Reply {
    /// The reply as a JSON object, to add members to.
    pub(super) fn into_object(self) -> serde_json::Map<String, Value> {
        let value = match self {
            Reply::Json(v) => v,
            Reply::Raw(r) => serde_json::from_str(r.get()).unwrap_or(Value::Null),
            Reply::Tool(t) => serde_json::to_value(t).unwrap_or(Value::Null),
        };
        match value {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        }
    }
}

pub(super) type MethodResult = Result<Reply, ErrorObject>;

impl Session {
    /// Takes one frame; returns the work that still needs a permit. Answers
    /// go to the session's own sink.
    pub(crate) fn accept(self: &Arc<Self>, frame: &[u8]) -> Option<Job> {
        self.accept_via(frame, self.outbound())
    }

    /// Takes one frame whose answers (and whatever its requests send while
    /// they run) go to `sink`.
    pub(crate) fn accept_via(self: &Arc<Self>, frame: &[u8], sink: Sink) -> Option<Job> {
        match jsonrpc::parse(frame) {
            Err(rejected) => reject(&sink, &rejected),
            // `initialize` is answered before the next frame is read, so that
            // pipelined requests behind it see an initialized session.
            Ok(Incoming::Request(req)) if &*req.method == "initialize" => self.answer_initialize(&req, &sink),
            Ok(Incoming::Request(req)) => return Some(Job { work: Work::Request(req), sink }),
            Ok(Incoming::Notification(n)) => self.notify(n),
            Ok(Incoming::Response { id, outcome }) => self.resolve(&id, outcome),
            Ok(Incoming::Batch(items)) => return self.accept_batch(items, sink),
        }
        None
    }

    /// Answers a frame that was too large to read.
    pub(crate) fn reject_oversized(&self, limit: usize) {
        let error = ErrorObject::invalid_request(format!("message exceeds the {limit}-byte limit"));
        self.send(encode_error(None, &error));
    }

    fn accept_batch(self: &Arc<Self>, items: Vec<Result<Incoming, Rejected>>, sink: Sink) -> Option<Job> {
        let version = self.protocol_version();
        if !version.is_some_and(ProtocolVersion::allows_batches) {
            let shown = version.map_or("none negotiated yet".into(), |v| v.to_string());
            let error = ErrorObject::invalid_request(format!(
                "JSON-RPC batches are only part of protocol revision 2025-03-26 (this session: {shown})"
            ));
            sink.send(encode_error(None, &error));
            return None;
        }
        let mut requests = Vec::new();
        for item in items {
            match item {
                Ok(Incoming::Request(r)) if &*r.method == "initialize" => {
                    let e = ErrorObject::invalid_request("`initialize` must not be part of a batch");
                    sink.send(encode_error(Some(&r.id), &e));
                }
                Ok(Incoming::Request(r)) => requests.push(r),
                Ok(Incoming::Notification(n)) => self.notify(n),
                Ok(_) => {}
                Err(rejected) => reject(&sink, &rejected),
            }
        }
        (!requests.is_empty()).then_some(Job { work: Work::Batch(requests), sink })
    }

    /// Runs a job on the runtime; the permit is released when it is done.
    pub(crate) fn spawn(self: &Arc<Self>, job: Job, permit: OwnedSemaphorePermit, rt: &Handle) {
        let Job { work, sink } = job;
        match work {
            Work::Request(req) => {
                let Some(task) = Arc::clone(self).start(req, sink.clone()) else { return };
                rt.spawn(async move {
                    if let Some(frame) = task.await {
                        sink.send(frame);
                    }
                    drop(permit);
                });
            }
            Work::Batch(requests) => {
                let tasks: Vec<_> =
                    requests.into_iter().filter_map(|r| Arc::clone(self).start(r, sink.clone())).collect();
                rt.spawn(async move {
                    let mut frames = Vec::with_capacity(tasks.len());
                    for task in tasks {
                        frames.extend(task.await);
                    }
                    if !frames.is_empty() {
                        sink.send(join_batch(frames));
                    }
                    drop(permit);
                });
            }
        }
    }

    /// Registers a request and returns the future that answers it
    /// (`None` from the future when the client cancelled it).
    fn start(
        self: Arc<Self>,
        req: Request,
        sink: Sink,
    ) -> Option<impl std::future::Future<Output = Option<Vec<u8>>> + Send> {
        let Some(cancel) = self.begin(&req.id) else {
            let e = ErrorObject::invalid_request(format!("request id {} is already in use", req.id));
            sink.send(encode_error(Some(&req.id), &e));
            return None;
        };
        Some(async move {
            let id = req.id.clone();
            let frame = tokio::select! {
                biased;
                () = cancel.cancelled() => None,
                frame = self.respond(req, cancel.clone(), sink) => Some(frame),
            };
            self.finish(&id);
            frame
        })
    }

    async fn respond(self: &Arc<Self>, req: Request, cancel: CancellationToken, sink: Sink) -> Vec<u8> {
        match self.route(&req, cancel, sink).await {
            Ok(reply) => encode_result(&req.id, &reply),
            Err(error) => encode_error(Some(&req.id), &error),
        }
    }

    async fn route(self: &Arc<Self>, req: &Request, cancel: CancellationToken, sink: Sink) -> MethodResult {
        let scope = match stateless_scope(req.params.as_deref())? {
            Some(stateless) => stateless,
            None => self.session_scope(),
        };
        self.check_allowed(&req.method, &scope)?;
        let call = Call { scope: Arc::new(scope.clone()), cancel, sink };
        let reply = self.call_method(req, call).await?;
        if scope.stateless || &*req.method == "server/discover" {
            return Ok(Reply::Json(self.core.finish_stateless(reply, &req.method)));
        }
        Ok(reply)
    }

    /// Refuses what the request's rules do not allow.
    fn check_allowed(&self, method: &str, scope: &Scope) -> Result<(), ErrorObject> {
        if scope.stateless {
            if removed_in_stateless(method) {
                return Err(ErrorObject::method_not_found(method));
            }
            return Ok(());
        }
        if self.phase() == Phase::New && !matches!(method, "initialize" | "ping" | "server/discover") {
            return Err(ErrorObject::invalid_request(format!(
                "`{method}` before `initialize`: initialize the session first, or send a 2026-07-28 request with `_meta`"
            )));
        }
        Ok(())
    }

    async fn call_method(self: &Arc<Self>, req: &Request, call: Call) -> MethodResult {
        let method = &*req.method;
        let shared_scope = Arc::clone(&call.scope);
        let scope = &*shared_scope;
        match method {
            "initialize" => self.initialize_reply(req),
            "ping" => Ok(Reply::Json(json!({}))),
            "server/discover" => Ok(Reply::Json(self.core.discover_result())),
            "tools/list" => self.list_tools(req, scope),
            "tools/call" => self.call_tool(req, call).await,
            "logging/setLevel" => self.set_level(req),
            "resources/list" => self.list_resources(req, scope),
            "resources/templates/list" => self.list_templates(req, scope),
            "resources/read" => self.read_resource(req, call).await,
            "resources/subscribe" => self.subscribe(req, true),
            "resources/unsubscribe" => self.subscribe(req, false),
            "prompts/list" => self.list_prompts(req, scope),
            "prompts/get" => self.get_prompt(req, call).await,
            "completion/complete" => self.complete(req),
            "subscriptions/listen" if scope.stateless => self.listen(req, call).await,
            _ => Err(ErrorObject::method_not_found(method)),
        }
    }

    fn answer_initialize(&self, req: &Request, sink: &Sink) {
        let reply = match stateless_scope(req.params.as_deref()) {
            Ok(None) => self.initialize_reply(req),
            // `initialize` does not exist under 2026-07-28 rules.
            Ok(Some(_)) => Err(ErrorObject::method_not_found("initialize")),
            Err(error) => Err(error),
        };
        let frame = match reply {
            Ok(reply) => encode_result(&req.id, &reply),
            Err(error) => encode_error(Some(&req.id), &error),
        };
        sink.send(frame);
    }

    fn initialize_reply(&self, req: &Request) -> MethodResult {
        if self.phase() != Phase::New {
            return Err(ErrorObject::invalid_request("`initialize` was already called on this session"));
        }
        let params: InitializeParams = params(req)?;
        let version = self.initialize(params);
        Ok(Reply::Json(self.core.initialize_result(version)))
    }

    /// The context a handler of this request gets.
    pub(super) fn context_for(
        self: &Arc<Self>,
        id: &crate::protocol::RequestId,
        call: Call,
        progress_token: Option<Value>,
        round: Option<Arc<InputRound>>,
    ) -> Context {
        let stateless = call.scope.stateless;
        Context::new(ContextParts {
            request_id: id.clone(),
            scope: call.scope,
            out: call.sink,
            cancel: call.cancel,
            progress_token,
            peer: (!stateless).then(|| Arc::clone(self) as Arc<dyn crate::handler::context::Peer>),
            input: round.map(|r| r as Arc<dyn crate::handler::context::ClientAnswers>),
            state: Arc::clone(&self.core.state),
            extensions: crate::handler::Extensions::new(),
        })
    }

    fn list_tools(&self, req: &Request, scope: &Scope) -> MethodResult {
        let params: ListParams = optional_params(req)?;
        self.core.registry.tools.load().page(params.cursor.as_deref(), scope.shape()).map(Reply::Raw)
    }

    async fn call_tool(self: &Arc<Self>, req: &Request, call: Call) -> MethodResult {
        let Call { scope, cancel, sink } = call;
        let raw = req.params.as_deref().ok_or_else(|| ErrorObject::invalid_params("missing params"))?;
        let params: CallToolParams<'_> = serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params)?;
        let tools = self.core.registry.tools.load();
        let tool = tools
            .get(&params.name)
            .ok_or_else(|| ErrorObject::invalid_params(format!("unknown tool `{}`", params.name)))?;
        let round = self.round_for(req, &scope)?;
        let token = params.meta.and_then(|m| m.progress_token);
        let (stateless, structured) = (scope.stateless, scope.shape().has_structured_output());
        let ctx = self.context_for(&req.id, Call { scope, cancel, sink }, token, round.clone());
        let call = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tool.call(&ctx, params.arguments)));
        let running = trace_bridge::scoped(ctx.clone(), async {
            match call {
                Ok(future) => CatchUnwind::new(future).await.unwrap_or_else(tool_panic_result),
                Err(payload) => tool_panic_result(payload),
            }
        });
        let mut result = match self.run_round(round.as_ref(), running).await {
            Ok(result) => result,
            Err(input_required) => return Ok(input_required),
        };
        if let Some(capability) = ctx.missing_capability().filter(|_| stateless && result.is_error) {
            return Err(missing_capability(capability));
        }
        result.downgrade(structured);
        Ok(Reply::Tool(result))
    }

    /// Runs a handler; under 2026-07-28, when it asks the client for
    /// something not yet answered, stops it and returns `input_required`.
    pub(super) async fn run_round<T>(
        &self,
        round: Option<&Arc<InputRound>>,
        work: impl std::future::Future<Output = T>,
    ) -> Result<T, Reply> {
        match round {
            Some(round) => tokio::select! {
                done = work => Ok(done),
                () = round.needed() => Err(Reply::Json(round.input_required(&self.core.state_key))),
            },
            None => Ok(work.await),
        }
    }

    /// The input round of a stateless request (`None` in the session era).
    pub(super) fn round_for(&self, req: &Request, scope: &Scope) -> Result<Option<Arc<InputRound>>, ErrorObject> {
        if !scope.stateless {
            return Ok(None);
        }
        InputRound::for_request(&self.core.state_key, &req.method, req.params.as_deref()).map(Some)
    }

    fn set_level(&self, req: &Request) -> MethodResult {
        let params: SetLevelParams = params(req)?;
        self.set_log_level(params.level);
        Ok(Reply::Json(json!({})))
    }

    fn notify(&self, n: Notification) {
        match &*n.method {
            "notifications/initialized" => {}
            "notifications/cancelled" => {
                let Some(p) = n.params.and_then(|p| serde_json::from_str::<CancelledParams>(p.get()).ok()) else {
                    tracing::debug!("ignoring a malformed notifications/cancelled");
                    return;
                };
                let found = self.cancel(&p.request_id);
                tracing::debug!(id = %p.request_id, found, reason = ?p.reason, "cancel requested");
            }
            other => tracing::debug!(method = other, "ignoring notification"),
        }
    }
}

/// `-32021`: the call needed a client capability the request did not declare.
fn missing_capability(capability: &str) -> ErrorObject {
    let key = match capability {
        "URL elicitation" | "elicitation" => "elicitation",
        other => other,
    };
    ErrorObject::new(
        crate::protocol::codes::MISSING_REQUIRED_CLIENT_CAPABILITY,
        format!("Missing required client capability: {capability}"),
    )
    .with_data(json!({ "requiredCapabilities": { key: {} } }))
}

pub(super) fn params<T: DeserializeOwned>(req: &Request) -> Result<T, ErrorObject> {
    let raw = req.params.as_deref().ok_or_else(|| ErrorObject::invalid_params("missing params"))?;
    serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params)
}

pub(super) fn optional_params<T: DeserializeOwned + Default>(req: &Request) -> Result<T, ErrorObject> {
    match req.params.as_deref() {
        None => Ok(T::default()),
        Some(raw) => serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params),
    }
}

/// Answers a message that could not be parsed.
fn reject(sink: &Sink, rejected: &Rejected) {
    sink.send(encode_error(rejected.id.as_ref(), &rejected.error));
}

/// What a method handler needs besides its request.
pub(super) struct Call {
    pub(super) scope: Arc<Scope>,
    pub(super) cancel: CancellationToken,
    pub(super) sink: Sink,
}

fn join_batch(frames: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(frames.iter().map(|f| f.len() + 1).sum::<usize>() + 2);
    out.push(b'[');
    for (i, frame) in frames.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(frame);
    }
    out.push(b']');
    out
}
