//! Cancellation, the in-flight bound, duplicate ids, logging and progress.
//! Synchronisation is by signals from the tools, never by timing.

use crate::common::{assert_alive, connect};
use mcp_runtime::prelude::*;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::LazyLock;
use tokio::sync::{Notify, Semaphore};

static HANG_STARTED: Notify = Notify::const_new();
static HANG_DROPPED: Notify = Notify::const_new();

struct DropSignal;

impl Drop for DropSignal {
    fn drop(&mut self) {
        HANG_DROPPED.notify_one();
    }
}

/// Never finishes on its own.
#[tool]
async fn hang(ctx: Context) -> String {
    let _guard = DropSignal;
    HANG_STARTED.notify_one();
    ctx.cancelled().await;
    std::future::pending::<String>().await
}

static STALL_STARTED: Notify = Notify::const_new();

/// Waits until cancelled.
#[tool]
async fn stall(ctx: Context) -> String {
    STALL_STARTED.notify_one();
    ctx.cancelled().await;
    String::new()
}

static GATE: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(0));
static GATE_ENTERED: Notify = Notify::const_new();
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST_RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Waits at a gate the test opens.
#[tool]
async fn gated() -> String {
    let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
    MOST_RUNNING.fetch_max(now, Ordering::SeqCst);
    GATE_ENTERED.notify_one();
    let permit = GATE.acquire().await;
    RUNNING.fetch_sub(1, Ordering::SeqCst);
    drop(permit);
    "through".into()
}

/// Logs and reports progress.
#[tool]
async fn chatty(ctx: Context) -> String {
    ctx.info("starting");
    ctx.progress(1.0, Some(2.0), Some("half"));
    ctx.progress(0.5, Some(2.0), None); // lower than before: dropped
    ctx.progress(2.0, Some(2.0), None);
    "done".into()
}

/// Reports progress below zero, and values that go back, stand still or
/// are not finite.
#[tool]
async fn below_zero(ctx: Context) -> String {
    for value in [-5.0, -10.0, -1.0, f64::NAN, -1.0, 0.0, f64::INFINITY, -0.5] {
        ctx.progress(value, None, None);
    }
    "done".into()
}

fn server() -> Server {
    Server::new("concurrency").tools(tools![hang, gated, chatty, below_zero]).max_in_flight(2)
}

#[tokio::test]
async fn cancellation_aborts_the_call_and_sends_no_result() {
    let mut client = connect(server()).await;
    client.send(&json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "hang"}})).await;
    HANG_STARTED.notified().await;
    client.notify("notifications/cancelled", json!({"requestId": 7, "reason": "user"})).await;
    HANG_DROPPED.notified().await;
    // The next message must be the ping's answer: nothing was sent for id 7.
    client.send(&json!({"jsonrpc": "2.0", "id": 8, "method": "ping"})).await;
    assert_eq!(client.recv().await, Some(json!({"jsonrpc": "2.0", "id": 8, "result": {}})));
    // Cancelling an unknown id is silently ignored.
    client.notify("notifications/cancelled", json!({"requestId": 12345})).await;
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn in_flight_requests_are_bounded() {
    let mut client = connect(server()).await;
    for id in 100..104 {
        client.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": "gated"}})).await;
    }
    GATE_ENTERED.notified().await;
    GATE_ENTERED.notified().await;
    GATE.add_permits(4);
    let mut answered = Vec::new();
    while answered.len() < 4 {
        let msg = client.recv().await.expect("a reply");
        assert_eq!(msg["result"]["content"][0]["text"], "through", "{msg}");
        answered.push(msg["id"].as_i64().expect("id"));
    }
    answered.sort_unstable();
    assert_eq!(answered, [100, 101, 102, 103]);
    assert_eq!(MOST_RUNNING.load(Ordering::SeqCst), 2, "more calls ran at once than max_in_flight");
}

#[tokio::test]
async fn a_request_id_in_flight_cannot_be_reused() {
    let mut client = connect(Server::new("dup").tools(tools![stall])).await;
    client.send(&json!({"jsonrpc": "2.0", "id": "same", "method": "tools/call", "params": {"name": "stall"}})).await;
    STALL_STARTED.notified().await;
    let reply = client.request_with_id(json!("same"), "ping", json!({})).await;
    assert_eq!(
        reply["error"],
        json!({"code": -32600, "message": "Invalid request: request id \"same\" is already in use"})
    );
    client.notify("notifications/cancelled", json!({"requestId": "same"})).await;
    assert_alive(&mut client).await;
}

#[tokio::test]
async fn logging_and_progress_reach_the_client() {
    let mut client = connect(server()).await;
    let request = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": "chatty", "_meta": {"progressToken": "tok"}}});
    client.send(&request).await;
    let mut seen = Vec::new();
    loop {
        let msg = client.recv().await.expect("message");
        if msg.get("id").is_some() {
            assert_eq!(msg["result"]["content"][0]["text"], "done");
            break;
        }
        seen.push(msg);
    }
    assert_eq!(seen[0]["params"], json!({"level": "info", "data": "starting"}));
    let progress: Vec<_> = seen[1..].iter().map(|m| m["params"]["progress"].clone()).collect();
    assert_eq!(progress, [json!(1.0), json!(2.0)]);
    assert_eq!(seen[1]["params"], json!({"progressToken": "tok", "progress": 1.0, "total": 2.0, "message": "half"}));
}

#[tokio::test]
async fn progress_never_goes_back_whatever_its_sign() {
    let mut client = connect(server()).await;
    let request = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": "below_zero", "_meta": {"progressToken": "tok"}}});
    client.send(&request).await;
    let mut progress = Vec::new();
    loop {
        let msg = client.recv().await.expect("message");
        if msg.get("id").is_some() {
            break;
        }
        progress.push(msg["params"]["progress"].clone());
    }
    assert_eq!(progress, [json!(-5.0), json!(-1.0), json!(0.0)]);
}

#[tokio::test]
async fn no_progress_without_token_and_logs_follow_the_level() {
    let mut client = connect(server()).await;
    client.request("logging/setLevel", json!({"level": "warning"})).await;
    client.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "chatty"}})).await;
    let first = client.recv().await.expect("message");
    assert_eq!(first["id"], 2, "expected only the result, got {first}");
}
