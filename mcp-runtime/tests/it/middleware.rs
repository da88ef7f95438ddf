//! MCP middleware in memory: what a layer sees, the order layers run in,
//! short-circuits, and the layers the runtime ships (timeout, access log)
//! or re-exports from tower (concurrency limit, load shedding).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{call, connect, first_text};
use mcp_runtime::prelude::*;
use mcp_runtime::protocol::ErrorObject;
use mcp_runtime::server::middleware::{
    from_fn, AccessLogLayer, ConcurrencyLimitLayer, LoadShedLayer, Next, Reply, Request, TimeoutLayer,
};
use serde_json::{json, Value};
use tokio::sync::Semaphore;

/// Add two numbers.
#[tool]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

static GATE: Semaphore = Semaphore::const_new(0);

/// Waits until the test opens the gate.
#[tool]
async fn gated() -> String {
    let _permit = GATE.acquire().await.expect("the gate stays open");
    "through".into()
}

/// Never finishes.
#[tool]
async fn stalled() -> String {
    std::future::pending().await
}

/// A greeting.
#[resource("greeting://hello")]
fn greeting() -> &'static str {
    "hello"
}

/// A slow resource.
#[resource("slow://forever")]
async fn forever() -> String {
    tokio::time::sleep(Duration::from_secs(30)).await;
    String::new()
}

type Seen = Arc<Mutex<Vec<String>>>;

/// A layer that writes what it sees, tagged, before and after the call.
fn recorder(
    tag: &'static str,
    seen: Seen,
) -> impl Fn(Request, Next) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Reply, ErrorObject>> + Send>>
       + Send
       + Sync
       + 'static {
    move |request: Request, next: Next| {
        let seen = Arc::clone(&seen);
        Box::pin(async move {
            let line = format!(
                "{tag} {} {} {:?} {:?} {}",
                request.method(),
                request.name().unwrap_or("-"),
                request.protocol_version().map(|v| v.to_string()),
                request.client_info().map(|c| c.name.clone()),
                request.id()
            );
            seen.lock().expect("lock").push(format!("{line} in"));
            let reply = next.run(request).await;
            seen.lock().expect("lock").push(format!("{tag} out"));
            reply
        })
    }
}

#[tokio::test]
async fn the_last_layer_added_runs_first_and_sees_the_whole_request() {
    let seen = Seen::default();
    let server = Server::new("ordered")
        .tools(tools![add])
        .layer(from_fn(recorder("inner", Arc::clone(&seen))))
        .layer(from_fn(recorder("outer", Arc::clone(&seen))));
    let mut client = connect(server).await;
    assert_eq!(call(&mut client, "add", json!({"a": 2, "b": 3})).await["structuredContent"]["result"], 5);
    let lines = seen.lock().expect("lock").clone();
    let call_lines: Vec<&String> = lines.iter().filter(|l| l.contains("tools/call")).collect();
    assert_eq!(
        call_lines,
        [
            "outer tools/call add Some(\"2025-11-25\") Some(\"memory-client\") 2 in",
            "inner tools/call add Some(\"2025-11-25\") Some(\"memory-client\") 2 in",
        ],
        "{lines:?}"
    );
    let outs: Vec<&String> = lines.iter().filter(|l| l.ends_with("out")).collect();
    assert_eq!(outs[outs.len() - 2..], ["inner out", "outer out"]);
    assert!(lines.iter().any(|l| l.starts_with("outer initialize")), "layers see `initialize` too: {lines:?}");
}

#[tokio::test]
async fn a_layer_can_answer_by_itself() {
    let server = Server::new("cached").resources(resources![greeting]).layer(from_fn(
        |request: Request, next: Next| async move {
            if request.name() == Some("greeting://hello") {
                return Ok(Reply::Json(json!({"contents": [{"uri": "greeting://hello", "text": "from the layer"}]})));
            }
            next.run(request).await
        },
    ));
    let mut client = connect(server).await;
    let read = client.request("resources/read", json!({"uri": "greeting://hello"})).await;
    assert_eq!(read["result"]["contents"][0]["text"], "from the layer");
}

#[tokio::test]
async fn a_timeout_answers_a_tool_with_is_error_and_anything_else_with_32603() {
    let server = Server::new("bounded")
        .tools(tools![stalled])
        .resources(resources![forever])
        .layer(TimeoutLayer::new(Duration::from_millis(50)));
    let mut client = connect(server).await;
    let tool = call(&mut client, "stalled", json!({})).await;
    assert_eq!((tool["isError"].clone(), first_text(&tool)), (json!(true), "The tool did not finish within 50 ms"));
    let read = client.request("resources/read", json!({"uri": "slow://forever"})).await;
    assert_eq!(
        read["error"],
        json!({"code": -32603, "message": "Internal error: the request did not finish within 50 ms"})
    );
}

#[tokio::test]
async fn towers_concurrency_limit_queues_and_load_shedding_refuses() {
    let server = Server::new("limited")
        .tools(tools![gated, add])
        .layer(ConcurrencyLimitLayer::new(1))
        .layer(LoadShedLayer::new());
    let mut client = connect(server).await;
    client.send(&json!({"jsonrpc": "2.0", "id": "first", "method": "tools/call", "params": {"name": "gated"}})).await;
    tokio::task::yield_now().await;
    let refused = client.request("tools/call", json!({"name": "add", "arguments": {"a": 1, "b": 1}})).await;
    assert_eq!(
        refused["error"],
        json!({"code": -32603, "message": "Internal error: the server is overloaded; try again later"})
    );
    GATE.add_permits(1);
    let first = client.recv().await.expect("the first call's answer");
    assert_eq!(
        (first["id"].clone(), first["result"]["content"][0]["text"].clone()),
        (json!("first"), json!("through"))
    );
}

/// Captures the events of the access log.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "mcp_runtime::access" {
            return;
        }
        struct Fields(String);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                self.0.push_str(&format!("{}={value:?} ", field.name()));
            }
        }
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        self.0.lock().expect("lock").push(fields.0);
    }
}

#[tokio::test]
async fn the_access_log_writes_one_structured_event_per_request() {
    use tracing_subscriber::layer::SubscriberExt;
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let mut client = connect(Server::new("logged").tools(tools![add]).layer(AccessLogLayer::new())).await;
    call(&mut client, "add", json!({"a": 1, "b": 2})).await;
    let unknown = client.request("tools/call", json!({"name": "nope"})).await;
    assert_eq!(unknown["error"]["code"], -32602);
    let lines = capture.0.lock().expect("lock").clone();
    let add = lines.iter().find(|l| l.contains("name=\"add\"")).expect("the call is logged");
    for field in ["method=\"tools/call\"", "id=2", "protocol=2025-11-25", "outcome=\"ok\"", "duration_us="] {
        assert!(add.contains(field), "{field} in {add}");
    }
    let failed = lines.iter().find(|l| l.contains("name=\"nope\"")).expect("the failure is logged");
    assert!(failed.contains("outcome=\"error\"") && failed.contains("code=-32602"), "{failed}");
}

#[tokio::test]
async fn a_server_without_layers_answers_as_before() {
    let mut client = connect(Server::new("plain").tools(tools![add])).await;
    let reply: Value = call(&mut client, "add", json!({"a": 20, "b": 22})).await;
    assert_eq!(reply["structuredContent"]["result"], 42);
}
