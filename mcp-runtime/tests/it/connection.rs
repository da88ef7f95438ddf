//! The public connection core, driven the way a transport drives it: frames
//! in, frames out. The in-flight bound covers batches, an id is freed
//! however its request ends, and closing never hangs.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use mcp_runtime::prelude::*;
use mcp_runtime::protocol::Outbound;
use mcp_runtime::transport::{BuiltServer, Connection};
use serde_json::{json, Value};
use tokio::sync::{Notify, Semaphore};

/// Frames the server sent, and a signal for each.
#[derive(Default)]
struct Collect {
    frames: Mutex<Vec<Value>>,
    arrived: Notify,
}

impl Outbound for Collect {
    fn send(&self, frame: Vec<u8>) {
        let value = serde_json::from_slice(&frame).unwrap_or(Value::Null);
        self.frames.lock().expect("lock").push(value);
        self.arrived.notify_waiters();
    }
}

impl Collect {
    /// Waits for the answer with this id.
    async fn answer(&self, id: &Value) -> Value {
        loop {
            let arrived = self.arrived.notified();
            if let Some(found) =
                self.frames.lock().expect("lock").iter().find(|f| f.get("id") == Some(id) || has(f, id))
            {
                return found.clone();
            }
            tokio::time::timeout(Duration::from_secs(30), arrived).await.expect("an answer in time");
        }
    }

    fn answered(&self, id: &Value) -> bool {
        self.frames.lock().expect("lock").iter().any(|f| f.get("id") == Some(id) || has(f, id))
    }
}

/// Whether a batch answer holds an answer with this id.
fn has(frame: &Value, id: &Value) -> bool {
    frame.as_array().is_some_and(|items| items.iter().any(|i| i.get("id") == Some(id)))
}

/// A gate each test opens for its own calls.
#[derive(Clone)]
struct Gate(Arc<Semaphore>);

impl Default for Gate {
    fn default() -> Self {
        Gate(Arc::new(Semaphore::new(0)))
    }
}

/// Waits for the test to open the gate.
#[tool]
async fn gated(State(gate): State<Gate>) -> String {
    let _permit = gate.0.acquire().await.expect("open");
    "through".into()
}

/// Add two numbers.
#[tool]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn request(id: Value, method: &str, params: Value) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string().into_bytes()
}

async fn connect(max_in_flight: usize, version: &str, gate: &Gate) -> (Connection, Arc<Collect>) {
    let server = Server::new("core").state(gate.clone()).tools(tools![gated, add]).max_in_flight(max_in_flight);
    let out = Arc::new(Collect::default());
    let connection = Connection::new(&BuiltServer::new(server).expect("builds"), out.clone());
    let init =
        json!({"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "core-test", "version": "0"}});
    connection.feed(&request(json!(0), "initialize", init)).await;
    (connection, out)
}

#[tokio::test]
async fn a_batch_waits_for_a_slot_like_any_request() {
    let gate = Gate::default();
    let (connection, out) = connect(1, "2025-03-26", &gate).await;
    connection.feed(&request(json!("gated"), "tools/call", json!({"name": "gated"}))).await;
    let batch = json!([{"jsonrpc": "2.0", "id": "b1", "method": "tools/call", "params": {"name": "add", "arguments": {"a": 1, "b": 2}}}]);
    connection.feed(batch.to_string().as_bytes()).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!out.answered(&json!("b1")), "the batch ran beside the call holding the only slot");
    gate.0.add_permits(1);
    assert_eq!(out.answer(&json!("gated")).await["result"]["content"][0]["text"], "through");
    let answer = out.answer(&json!("b1")).await;
    assert_eq!(answer[0]["result"]["content"][0]["text"], "3", "{answer}");
    connection.close().await;
}

#[tokio::test]
async fn an_id_is_freed_when_its_feed_is_dropped_while_it_waits() {
    let gate = Gate::default();
    let (connection, out) = connect(1, "2025-11-25", &gate).await;
    let calls = ["running", "w1", "w2", "w3", "w4"];
    // The queue holds 4 MiB of requests here (the message size limit):
    // four of just under 1 MiB nearly fill it.
    let pad = "p".repeat((1 << 20) - 4096);
    for id in calls {
        connection.feed(&request(json!(id), "tools/call", json!({"name": "gated", "pad": pad}))).await;
    }
    // One runs, four wait; a sixth has to wait for room in the queue, and
    // its transport gives up on it.
    let sixth =
        request(json!("dropped"), "tools/call", json!({"name": "add", "arguments": {"a": 1, "b": 1}, "pad": pad}));
    let gave_up = tokio::time::timeout(Duration::from_millis(50), connection.feed(&sixth)).await;
    assert!(gave_up.is_err(), "the queue was full");
    gate.0.add_permits(calls.len());
    for id in calls {
        out.answer(&json!(id)).await;
    }
    connection
        .feed(&request(json!("dropped"), "tools/call", json!({"name": "add", "arguments": {"a": 2, "b": 2}})))
        .await;
    let reused = out.answer(&json!("dropped")).await;
    assert_eq!(reused["result"]["structuredContent"]["result"], 4, "the id is free again: {reused}");
    connection.close().await;
}

#[tokio::test]
async fn closing_ends_a_listen_stream_that_was_still_waiting_for_a_slot() {
    let gate = Gate::default();
    let (connection, out) = connect(1, "2025-11-25", &gate).await;
    connection.feed(&request(json!("gated"), "tools/call", json!({"name": "gated"}))).await;
    let meta = json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}});
    connection
        .feed(&request(
            json!("listen"),
            "subscriptions/listen",
            json!({"notifications": {"toolsListChanged": true}, "_meta": meta}),
        ))
        .await;
    let closing = tokio::spawn(async move { connection.close().await });
    tokio::time::sleep(Duration::from_millis(20)).await;
    gate.0.add_permits(1);
    tokio::time::timeout(Duration::from_secs(30), closing).await.expect("close returns").expect("no panic");
    assert!(out.answered(&json!("gated")));
}
