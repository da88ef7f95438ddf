//! One `tracing` span per request, with the OpenTelemetry attribute names,
//! the outcome and duration, and the W3C trace context the client sent in
//! `_meta`; events a handler emits belong to it, so a
//! `tracing-opentelemetry` layer joins the client's trace.
//! (Its own test binary: it installs a global subscriber.)

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use common::connect;
use mcp_runtime::prelude::*;
use serde_json::json;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context as LayerContext, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// Add two numbers, and say so.
#[tool]
fn add(a: i64, b: i64) -> i64 {
    tracing::info!(a, b, "adding");
    a + b
}

/// Fails.
#[tool]
fn refuse() -> Result<String, ToolError> {
    Err(ToolError::new("no"))
}

type Fields = BTreeMap<String, String>;

/// What the capturing layer saw: each closed request span's fields, and for
/// each event inside a handler, the fields of the span it belongs to.
#[derive(Default)]
struct Seen {
    spans: Vec<Fields>,
    events: Vec<(String, Fields)>,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Seen>>);

struct Recorded(Fields);

struct Visit<'a>(&'a mut Fields);

impl tracing::field::Visit for Visit<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}").trim_matches('"').to_owned());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: LayerContext<'_, S>) {
        let mut fields = Fields::new();
        attrs.record(&mut Visit(&mut fields));
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Recorded(fields));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: LayerContext<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if let Some(recorded) = span.extensions_mut().get_mut::<Recorded>() {
                values.record(&mut Visit(&mut recorded.0));
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: LayerContext<'_, S>) {
        let Some(span) = ctx.event_span(event) else { return };
        let fields = span.extensions().get::<Recorded>().map(|r| r.0.clone()).unwrap_or_default();
        let mut message = Fields::new();
        event.record(&mut Visit(&mut message));
        let text = message.get("message").cloned().unwrap_or_default();
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).events.push((text, fields));
    }

    fn on_close(&self, id: Id, ctx: LayerContext<'_, S>) {
        if let Some(span) = ctx.span(&id) {
            if span.name() == "mcp.request" {
                let fields = span.extensions().get::<Recorded>().map(|r| r.0.clone()).unwrap_or_default();
                self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).spans.push(fields);
            }
        }
    }
}

fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let subscriber = tracing_subscriber::registry().with(capture.clone());
        tracing::subscriber::set_global_default(subscriber).expect("the first subscriber");
        capture
    })
}

fn span_of(id: &str, tool: &str) -> Fields {
    let spans = capture().0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).spans.clone();
    let is = |f: &Fields, key: &str, value: &str| f.get(key).map(String::as_str) == Some(value);
    let found = spans.iter().find(|f| is(f, "jsonrpc.request.id", id) && is(f, "gen_ai.tool.name", tool));
    found.cloned().unwrap_or_else(|| panic!("no span for {tool} ({id}): {spans:?}"))
}

#[tokio::test]
async fn a_request_has_one_span_carrying_the_clients_trace_context() {
    capture();
    let mut client = connect(Server::new("traced").tools(tools![add, refuse])).await;
    let meta = json!({"traceparent": TRACEPARENT, "tracestate": "vendor=opaque"});
    let reply = client
        .request_with_id(
            json!("call-1"),
            "tools/call",
            json!({"name": "add", "arguments": {"a": 2, "b": 3}, "_meta": meta}),
        )
        .await;
    assert_eq!(reply["result"]["structuredContent"]["result"], 5);
    client.request_with_id(json!("call-2"), "tools/call", json!({"name": "refuse"})).await;
    client.request_with_id(json!("call-3"), "tools/call", json!({"name": "missing"})).await;

    let span = span_of("call-1", "add");
    let expected = [
        ("otel.name", "tools/call add"),
        ("otel.kind", "server"),
        ("mcp.method.name", "tools/call"),
        ("mcp.protocol.version", "2025-11-25"),
        ("traceparent", TRACEPARENT),
        ("tracestate", "vendor=opaque"),
        ("outcome", "ok"),
    ];
    for (field, value) in expected {
        assert_eq!(span.get(field).map(String::as_str), Some(value), "{field} in {span:?}");
    }
    // Six characters of the id, never the whole (it is the session's credential).
    let shown = span.get("mcp.session.id");
    assert!(shown.is_some_and(|s| s.chars().count() == 7 && s.ends_with('…')), "a session id: {span:?}");
    assert!(span.get("duration_us").is_some_and(|d| d.parse::<u64>().is_ok()), "{span:?}");
    assert_eq!(span_of("call-2", "refuse").get("outcome").map(String::as_str), Some("tool_error"));

    let seen = capture().0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let (_, parent) = seen.events.iter().find(|(text, _)| text == "adding").expect("the tool's event");
    assert_eq!(
        parent.get("traceparent").map(String::as_str),
        Some(TRACEPARENT),
        "the event is inside the request's span"
    );
    let missing = seen.spans.iter().find(|f| f.get("jsonrpc.request.id").is_some_and(|id| id.contains("call-3")));
    let missing = missing.expect("a span for the failed call");
    assert_eq!(
        (missing.get("outcome").map(String::as_str), missing.get("error.type").map(String::as_str)),
        (Some("error"), Some("-32602"))
    );
}

#[tokio::test]
async fn a_stateless_request_is_traced_as_stateless() {
    capture();
    let mut client = connect(Server::new("traced").tools(tools![add])).await;
    let meta = json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "traceparent": TRACEPARENT,
    });
    let reply = client
        .request_with_id(
            json!("stateless-1"),
            "tools/call",
            json!({"name": "add", "arguments": {"a": 1, "b": 1}, "_meta": meta}),
        )
        .await;
    assert_eq!(reply["result"]["structuredContent"]["result"], 2);
    let span = span_of("stateless-1", "add");
    assert_eq!(span.get("mcp.session.id").map(String::as_str), Some("stateless"));
    assert_eq!(span.get("mcp.protocol.version").map(String::as_str), Some("2026-07-28"));
    assert_eq!(span.get("traceparent").map(String::as_str), Some(TRACEPARENT));
}
