//! The quickstart example as a real child process over stdio.

use mcp_tests::{example, StdioServer};
use serde_json::{json, Value};

fn quickstart() -> StdioServer {
    StdioServer::spawn(&example("quickstart"), &[])
}

#[test]
fn lists_and_calls_the_seed_tools() {
    let mut server = quickstart();
    let init = server.initialize("2025-11-25");
    assert_eq!(init["result"]["serverInfo"]["name"], "SimpleServer");
    let list = server.request("tools/list", json!({}));
    let names: Vec<_> = list["result"]["tools"].as_array().expect("tools").iter().map(|t| t["name"].clone()).collect();
    assert_eq!(names, [json!("add_numbers"), json!("get_current_time"), json!("long_task")]);
    let sum = server.call("add_numbers", json!({"a": 5, "b": 3}));
    assert_eq!(sum["content"][0]["text"], "8");
    let time = server.call("get_current_time", json!({}));
    let text = time["content"][0]["text"].as_str().expect("text");
    assert_eq!(text.len(), "2025-01-01 00:00:00".len(), "{text}");
    assert!(server.finish().success());
}

#[test]
fn negotiates_every_session_revision() {
    for version in ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"] {
        let mut server = quickstart();
        assert_eq!(server.initialize(version)["result"]["protocolVersion"], version);
    }
    let mut server = quickstart();
    assert_eq!(server.initialize("2099-01-01")["result"]["protocolVersion"], "2025-11-25");
}

#[test]
fn malformed_bytes_get_errors_and_the_server_goes_on() {
    let mut server = quickstart();
    server.initialize("2025-11-25");
    server.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
    assert_eq!(error_code(&server.recv()), (Value::Null, -32700));
    server.send_raw(b"\xff\xfe garbage \x00");
    assert_eq!(error_code(&server.recv()), (Value::Null, -32700));
    server.send_raw(br#"{"jsonrpc":"2.0","id":"t","method":"no/such"}"#);
    assert_eq!(error_code(&server.recv()), (json!("t"), -32601));
    assert_eq!(server.call("add_numbers", json!({"a": 1, "b": 2}))["content"][0]["text"], "3");
}

#[test]
fn an_oversized_line_is_refused_without_a_crash() {
    let mut server = quickstart();
    server.initialize("2025-11-25");
    let huge = format!(r#"{{"jsonrpc":"2.0","id":9,"method":"ping","params":{{"pad":"{}"}}}}"#, "x".repeat(5 << 20));
    server.send_raw(huge.as_bytes());
    let reply = server.recv();
    assert_eq!(error_code(&reply), (Value::Null, -32600));
    assert!(reply["error"]["message"].as_str().is_some_and(|m| m.contains("4194304-byte limit")), "{reply}");
    assert_eq!(server.request("ping", json!({}))["result"], json!({}));
}

#[test]
fn stdout_carries_only_protocol_messages_even_with_debug_logs() {
    let mut cmd = std::process::Command::new(example("quickstart"));
    cmd.env("RUST_LOG", "debug");
    let mut server = StdioServer::spawn_with(&mut cmd);
    server.initialize("2025-11-25");
    server.send_raw(br#"{"jsonrpc":"2.0","method":"notifications/unknown"}"#);
    server.call("add_numbers", json!({"a": 1, "b": 1}));
    assert!(server.remaining_lines().iter().all(|l| serde_json::from_str::<Value>(l).is_ok()));
}

#[test]
fn eof_exits_cleanly() {
    let mut server = quickstart();
    server.initialize("2025-11-25");
    let status = server.finish();
    assert_eq!(status.code(), Some(0));
}

fn error_code(reply: &Value) -> (Value, i64) {
    (reply["id"].clone(), reply["error"]["code"].as_i64().unwrap_or_else(|| panic!("not an error: {reply}")))
}

#[test]
fn resources_and_prompts_over_stdio_with_bad_input() {
    let mut server = quickstart();
    server.initialize("2025-11-25");
    let read = |server: &mut StdioServer, uri: &str| server.request("resources/read", json!({ "uri": uri }));
    let greeting = read(&mut server, "greeting://hello");
    assert_eq!(greeting["result"]["contents"][0]["text"], "Hello from MCP Server!");
    let missing = read(&mut server, "greeting://goodbye");
    assert_eq!(
        missing["error"],
        json!({"code": -32002, "message": "Resource not found", "data": {"uri": "greeting://goodbye"}})
    );
    let traversal = read(&mut server, "weather://..%2Fsecrets/current");
    assert_eq!(traversal["error"]["code"], -32602);
    let prompt = server.request("prompts/get", json!({"name": "summarize"}));
    assert_eq!(prompt["error"], json!({"code": -32602, "message": "Invalid params: missing required argument `text`"}));
    let completion = server.request(
        "completion/complete",
        json!({"ref": {"type": "ref/resource", "uri": "weather://{city}/current"}, "argument": {"name": "city", "value": "Be"}}),
    );
    assert_eq!(completion["result"]["completion"]["values"], json!(["Beijing", "Berlin"]));
    let unknown = server.request(
        "completion/complete",
        json!({"ref": {"type": "ref/prompt", "name": "nope"}, "argument": {"name": "x", "value": ""}}),
    );
    assert_eq!(unknown["error"]["code"], -32602);
    assert_eq!(server.request("ping", json!({}))["result"], json!({}));
}

#[test]
fn long_task_reports_progress_and_logs() {
    let mut server = quickstart();
    server.initialize("2025-11-25");
    server.send(&json!({"jsonrpc": "2.0", "id": "task", "method": "tools/call",
        "params": {"name": "long_task", "arguments": {"steps": 3}, "_meta": {"progressToken": "p1"}}}));
    let mut progress = Vec::new();
    let mut logs = Vec::new();
    let result = loop {
        let msg = server.recv();
        match msg["method"].as_str() {
            Some("notifications/progress") => progress.push(msg["params"].clone()),
            Some("notifications/message") => logs.push(msg["params"]["data"].clone()),
            _ => break msg,
        }
    };
    assert_eq!(result["result"]["content"][0]["text"], "completed 3 steps");
    assert_eq!(logs, [json!("starting 3 steps"), json!("finished")]);
    let values: Vec<_> = progress.iter().map(|p| p["progress"].clone()).collect();
    assert_eq!(values, [json!(1.0), json!(2.0), json!(3.0)]);
    assert_eq!(progress[0], json!({"progressToken": "p1", "progress": 1.0, "total": 3.0, "message": "step 1 of 3"}));
}

#[test]
fn cancelling_a_running_call_over_stdio_sends_no_result() {
    let mut server = quickstart();
    server.initialize("2025-11-25");
    server.send(&json!({"jsonrpc": "2.0", "id": "slow", "method": "tools/call",
        "params": {"name": "long_task", "arguments": {"steps": 100}, "_meta": {"progressToken": "t"}}}));
    // Wait until it is running, then cancel it.
    let first = server.recv();
    assert_eq!(first["method"], "notifications/message", "{first}");
    server.send(&json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": "slow"}}));
    server.send(&json!({"jsonrpc": "2.0", "id": "after", "method": "ping"}));
    loop {
        let msg = server.recv();
        assert_ne!(msg["id"], "slow", "a cancelled call must not answer: {msg}");
        if msg["id"] == "after" {
            break;
        }
    }
    let rest = server.drain_until_exit();
    assert!(rest.iter().all(|m| m["id"] != "slow"), "a cancelled call must not answer: {rest:?}");
}
