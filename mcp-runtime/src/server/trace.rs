//! One `tracing` span per request, with the attribute names of the
//! OpenTelemetry semantic conventions for MCP, and the W3C trace context
//! the client sent in `_meta` (SEP-414).
//!
//! The span is `mcp.request` at `INFO`, target `mcp_runtime::request`:
//! `mcp.method.name`, `jsonrpc.request.id`, `mcp.session.id` (or
//! `stateless`), `mcp.protocol.version`, `gen_ai.tool.name`,
//! `gen_ai.prompt.name` or `mcp.resource.uri`, `traceparent`, `tracestate`
//! and `baggage` when the client sent them, and, when the request ends,
//! `outcome` (`ok`, `tool_error`, `error`, `cancelled`), `error.type` (the
//! JSON-RPC code) and `duration_us`. `otel.name` (`tools/call add`) and
//! `otel.kind` (`server`) name the span for `tracing-opentelemetry`.

use std::time::Instant;

use tracing::field::Empty;
use tracing::Span;

use super::call::{Reply, Request};
use super::methods::MethodResult;
use crate::observe;
use crate::protocol::method::Method;

/// The span of one request; disabled (and nearly free) unless a subscriber
/// wants it.
pub(crate) fn request_span(request: &Request) -> Span {
    let span = tracing::info_span!(
        target: "mcp_runtime::request",
        "mcp.request",
        otel.name = Empty,
        otel.kind = "server",
        mcp.method.name = request.method(),
        jsonrpc.request.id = request.id().to_plain_string(),
        mcp.session.id = Empty,
        mcp.protocol.version = Empty,
        gen_ai.tool.name = Empty,
        gen_ai.prompt.name = Empty,
        mcp.resource.uri = Empty,
        traceparent = Empty,
        tracestate = Empty,
        baggage = Empty,
        outcome = Empty,
        error.type = Empty,
        duration_us = Empty,
    );
    if !span.is_disabled() {
        describe(&span, request);
    }
    span
}

fn describe(span: &Span, request: &Request) {
    let session = match (&request.route.session, request.is_stateless()) {
        (Some(session), false) => crate::util::shown_id(session.id()),
        _ => "stateless".to_owned(),
    };
    span.record("mcp.session.id", session.as_str());
    if let Some(version) = request.protocol_version() {
        span.record("mcp.protocol.version", version.as_str());
    }
    let target = request.name();
    let name = match target {
        Some(target) if request.method != Method::ResourcesRead => format!("{} {target}", request.method()),
        _ => request.method().to_owned(),
    };
    span.record("otel.name", name.as_str());
    match (request.method, target) {
        (Method::ToolsCall, Some(tool)) => span.record("gen_ai.tool.name", tool),
        (Method::PromptsGet, Some(prompt)) => span.record("gen_ai.prompt.name", prompt),
        (Method::ResourcesRead, Some(uri)) => span.record("mcp.resource.uri", uri),
        _ => span,
    };
    if let Some(trace) = request.trace_context() {
        for (field, value) in
            [("traceparent", &trace.traceparent), ("tracestate", &trace.tracestate), ("baggage", &trace.baggage)]
        {
            if let Some(value) = value {
                span.record(field, value.as_str());
            }
        }
    }
}

/// Records how a request ended on its span: when dropped before
/// [`Outcome::finish`], the request was cancelled.
pub(crate) struct Outcome {
    span: Span,
    started: Instant,
    finished: bool,
    /// The request's method and item name, for the metrics.
    method: &'static str,
    name: Option<Box<str>>,
}

impl Outcome {
    /// `name` labels the request's metrics; `None` when none are recorded.
    pub(crate) fn new(span: Span, method: &'static str, name: Option<Box<str>>) -> Self {
        if name.is_some() {
            observe::request_started();
        }
        Outcome { span, started: Instant::now(), finished: false, method, name }
    }

    pub(crate) fn finish(mut self, result: &MethodResult) {
        self.finished = true;
        let outcome = match result {
            Ok(Reply::Tool(tool)) if tool.is_error => "tool_error",
            Ok(_) => "ok",
            Err(error) => {
                self.span.record("error.type", error.code);
                "error"
            }
        };
        self.record(outcome);
    }

    fn record(&self, outcome: &'static str) {
        if let Some(name) = &self.name {
            observe::request_finished(self.method, name, outcome, self.started.elapsed());
        }
        if self.span.is_disabled() {
            return;
        }
        let duration_us = u64::try_from(self.started.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.span.record("outcome", outcome);
        self.span.record("duration_us", duration_us);
    }
}

impl Drop for Outcome {
    fn drop(&mut self) {
        if !self.finished {
            self.record("cancelled");
        }
    }
}
