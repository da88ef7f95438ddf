//! Every request with an id gets exactly one answer, and every answer
//! stream ends: panics of every kind of handler on every transport, a
//! message that repeats a member, cancellation, and control messages while
//! the in-flight bound is full.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;

use mcp_runtime::client::{Client, ClientOptions, Error};
use mcp_runtime::protocol::ProtocolVersion;
use mcp_tests::{example, profile_dir, raw_http, HttpServer, StdioServer, STUCK};
use serde_json::{json, Value};

fn panicky() -> PathBuf {
    profile_dir().join("panicky")
}

/// The JSON-RPC error of a failed client call.
fn rpc_error<T: std::fmt::Debug>(outcome: Result<T, Error>, what: &str) -> mcp_runtime::protocol::ErrorObject {
    match outcome {
        Err(Error::Rpc { error, .. }) => error,
        other => panic!("{what}: expected a JSON-RPC error, got {other:?}"),
    }
}

/// What a client is told of a panic by default.
const HIDDEN: &str = "failed unexpectedly (the server's log has the details)";

/// Every kind of panic, through one client: a tool's is an `isError`
/// result, any other a `-32603`, neither with the panic's message (it
/// goes to the server's log); the server goes on.
async fn every_panic_is_answered(client: &Client, transport: &str) {
    for (tool, message) in
        [("panic_tool", "tool boom"), ("panic_sync_tool", "sync boom"), ("panic_blocking_tool", "blocking boom")]
    {
        let result = client.call_tool(tool, json!({})).await.unwrap_or_else(|e| panic!("{transport} {tool}: {e}"));
        let text = result.content.first().and_then(|c| c.as_text()).unwrap_or_default().to_owned();
        assert!(result.is_error && text.contains(HIDDEN) && !text.contains(message), "{transport} {tool}: {text}");
    }
    let internal = [
        ("the middleware", rpc_error(client.call_tool("guarded", json!({})).await, "guarded"), "middleware boom"),
        ("a resource", rpc_error(client.read_resource("panic://static").await, "static"), "resource boom"),
        ("a template", rpc_error(client.read_resource("panic://items/7").await, "template"), "template boom 7"),
        (
            "a completer",
            rpc_error(
                client.complete(mcp_runtime::protocol::CompletionRef::resource("panic://items/{id}"), "id", "").await,
                "completer",
            ),
            "completer boom",
        ),
        ("a prompt", rpc_error(client.get_prompt::<&str, &str>("panic_prompt", []).await, "prompt"), "prompt boom"),
    ];
    for (kind, error, message) in internal {
        assert_eq!(error.code, -32603, "{transport}, {kind}: {error:?}");
        let shown = &error.message;
        assert!(shown.contains(HIDDEN) && !shown.contains(message), "{transport}, {kind}: {shown}");
    }
    let fine = client.call_tool("fine", json!({})).await.expect("the server goes on");
    assert_eq!(fine.content.first().and_then(|c| c.as_text()), Some("fine"), "{transport}");
}

fn options(version: ProtocolVersion) -> ClientOptions {
    ClientOptions::named("one-answer").protocol_version(version)
}

#[tokio::test]
async fn panics_are_answered_in_memory() {
    let client =
        Client::memory(mcp_tests::panicky::server(), options(ProtocolVersion::V2025_11_25)).await.expect("connects");
    every_panic_is_answered(&client, "memory").await;
}

#[tokio::test]
async fn panics_are_answered_over_stdio() {
    let program = panicky();
    let client = Client::stdio(
        program.to_str().expect("utf-8 path"),
        Vec::<String>::new(),
        options(ProtocolVersion::V2025_11_25),
    )
    .await
    .expect("connects");
    every_panic_is_answered(&client, "stdio").await;
}

#[tokio::test]
async fn panics_are_answered_over_streamable_http_in_both_eras() {
    let server = HttpServer::start_program(&panicky(), "http");
    for version in [ProtocolVersion::V2025_11_25, ProtocolVersion::V2026_07_28] {
        let client = Client::streamable_http(&server.url(), options(version)).await.expect("connects");
        assert_eq!(client.protocol_version(), version);
        every_panic_is_answered(&client, &format!("streamable http {version}")).await;
    }
}

#[tokio::test]
async fn panics_are_answered_over_legacy_sse() {
    let server = HttpServer::start_program(&panicky(), "sse");
    let url = format!("http://127.0.0.1:{}/sse", server.port);
    let client = Client::sse(&url, options(ProtocolVersion::V2024_11_05)).await.expect("connects");
    every_panic_is_answered(&client, "legacy sse").await;
}

/// The headers of a 2026-07-28 request.
fn stateless_headers<'a>(method: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("Content-Type", "application/json"),
        ("Accept", "application/json, text/event-stream"),
        ("MCP-Protocol-Version", "2026-07-28"),
        ("Mcp-Method", method),
        ("Mcp-Name", name),
    ]
}

#[test]
fn stateless_http_never_answers_202_to_a_request_with_an_id() {
    let server = HttpServer::start_program(&panicky(), "http");
    let meta = json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}});
    let cases = [
        ("prompts/get", "panic_prompt", json!({"name": "panic_prompt", "_meta": meta})),
        ("resources/read", "panic://static", json!({"uri": "panic://static", "_meta": meta})),
        ("tools/call", "guarded", json!({"name": "guarded", "arguments": {}, "_meta": meta})),
    ];
    for (i, (method, name, params)) in cases.into_iter().enumerate() {
        let body = json!({"jsonrpc": "2.0", "id": i, "method": method, "params": params}).to_string();
        let response = raw_http(server.port, "POST", "/mcp", &stateless_headers(method, name), body.as_bytes());
        assert_eq!(response.status, 200, "{method}: {}", response.body);
        let answer = response.json();
        assert_eq!((answer["id"].clone(), answer["error"]["code"].clone()), (json!(i), json!(-32603)), "{answer}");
    }
}

#[test]
fn a_message_that_repeats_a_member_is_answered_with_its_id_over_stdio() {
    let mut server = StdioServer::spawn(&example("quickstart"), &[]);
    server.initialize("2025-11-25");
    server.send_raw(br#"{"jsonrpc":"2.0","id":5,"method":"ping","method":"ping"}"#);
    let answer = server.recv();
    assert_eq!(answer["id"], 5, "{answer}");
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    assert!(
        answer["error"]["message"].as_str().is_some_and(|m| m.contains("`method` appears more than once")),
        "{answer}"
    );
    server.send_raw(br#"{"jsonrpc":"2.0","id":"a","id":"b","method":"ping"}"#);
    assert_eq!(server.recv()["id"], "a");
    assert_eq!(server.request("ping", json!({}))["result"], json!({}), "the server goes on");
}

/// Opens a session-era session over raw HTTP; its id.
fn open_session(port: u16) -> String {
    let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}});
    let response = raw_http(port, "POST", "/mcp", &session_headers(None), init.to_string().as_bytes());
    let id = response.header("mcp-session-id").expect("a session id").to_owned();
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string();
    raw_http(port, "POST", "/mcp", &session_headers(Some(&id)), initialized.as_bytes());
    id
}

fn session_headers(session: Option<&str>) -> Vec<(&str, &str)> {
    let mut headers = vec![
        ("Content-Type", "application/json"),
        ("Accept", "application/json, text/event-stream"),
        ("MCP-Protocol-Version", "2025-11-25"),
    ];
    headers.extend(session.map(|s| ("Mcp-Session-Id", s)));
    headers
}

#[test]
fn a_session_era_body_that_repeats_a_member_gets_one_answer_that_ends() {
    let server = HttpServer::start("quickstart", "http");
    let session = open_session(server.port);
    let body = br#"{"jsonrpc":"2.0","id":5,"method":"ping","method":"ping"}"#;
    let response = raw_http(server.port, "POST", "/mcp", &session_headers(Some(&session)), body);
    assert_eq!(response.status, 400, "{}", response.body);
    let answer = response.json();
    assert_eq!((answer["id"].clone(), answer["error"]["code"].clone()), (json!(5), json!(-32600)), "{answer}");
}

/// Sends a request whose answer streams; returns the open connection once
/// the first event arrived.
fn start_streaming(port: u16, session: &str, body: &Value) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(STUCK)).expect("timeout");
    let body = body.to_string();
    let mut head = format!(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in session_headers(Some(session)) {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    stream.write_all(format!("{head}\r\n{body}").as_bytes()).expect("send");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while !line.starts_with("data: {") {
        line.clear();
        reader.read_line(&mut line).expect("the stream starts");
    }
    reader
}

#[test]
fn cancelling_a_session_era_call_ends_its_answer_stream() {
    let server = HttpServer::start("quickstart", "http");
    let session = open_session(server.port);
    let call = json!({"jsonrpc": "2.0", "id": 42, "method": "tools/call", "params": {
        "name": "long_task", "arguments": {"steps": 100}, "_meta": {"progressToken": "p"}}});
    let mut stream = start_streaming(server.port, &session, &call);
    let cancel = json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 42}});
    let accepted =
        raw_http(server.port, "POST", "/mcp", &session_headers(Some(&session)), cancel.to_string().as_bytes());
    assert_eq!(accepted.status, 202);
    let mut rest = String::new();
    stream.read_to_string(&mut rest).expect("the stream ends instead of hanging");
    assert!(!rest.contains("\"id\":42"), "a cancelled call is not answered: {rest}");
    let pong = raw_http(
        server.port,
        "POST",
        "/mcp",
        &session_headers(Some(&session)),
        br#"{"jsonrpc":"2.0","id":43,"method":"ping"}"#,
    );
    assert_eq!(pong.json()["result"], json!({}));
}

#[test]
fn cancellations_and_pings_get_through_while_the_in_flight_bound_is_full() {
    let mut server = StdioServer::spawn(&example("quickstart"), &[]);
    server.initialize("2025-11-25");
    // 100 calls of about a second each: 64 run, the rest wait for a slot.
    for id in 1000..1100 {
        server.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": "long_task", "arguments": {"steps": 100}}}));
    }
    for id in 1000..1100 {
        server.send(&json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": id}}));
    }
    server.send(&json!({"jsonrpc": "2.0", "id": "ping", "method": "ping"}));
    // Log notifications ("starting 100 steps") may come first; answers may not.
    let first = std::iter::repeat_with(|| server.recv()).find(|m| m.get("id").is_some()).expect("an answer");
    assert_eq!(first["id"], "ping", "the ping is the first answer; no cancelled call ran to completion: {first}");
    assert_eq!(
        server.request("tools/call", json!({"name": "add_numbers", "arguments": {"a": 1, "b": 2}}))["result"]
            ["structuredContent"]["result"],
        3
    );
    let rest = server.drain_until_exit();
    assert!(
        rest.iter().all(|m| m.get("id").is_none_or(|id| !(1000..1100).contains(&id.as_i64().unwrap_or(0)))),
        "{rest:?}"
    );
}

#[test]
fn malformed_messages_from_the_fuzz_corpus_get_one_answer_each() {
    let mut server = StdioServer::spawn(&example("quickstart"), &[]);
    server.initialize("2025-11-25");
    let cases: [(&[u8], Value, i64); 8] = [
        (br#"{"jsonrpc":"2.0","id":1,"method":"tools/list","method":"tools/list"}"#, json!(1), -32600),
        (br#"{"jsonrpc":"2.0","id":2,"params":{},"params":{},"method":"ping"}"#, json!(2), -32600),
        (br#"{"jsonrpc":"2.0","jsonrpc":"2.0","id":3,"method":"ping"}"#, json!(3), -32600),
        (br#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":7}"#, json!(4), -32602),
        (br#"{"jsonrpc":"2.0","id":5,"method":5}"#, json!(5), -32600),
        (br#"{"jsonrpc":"1.0","id":6,"method":"ping"}"#, json!(6), -32600),
        (br#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, Value::Null, -32600),
        (
            br#"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"add_numbers","arguments":[1]}}"#,
            json!(8),
            0,
        ),
    ];
    for (bytes, id, code) in cases {
        server.send_raw(bytes);
        let answer = server.recv();
        assert_eq!(answer["id"], id, "{}: {answer}", String::from_utf8_lossy(bytes));
        if code == 0 {
            assert_eq!(answer["result"]["isError"], true, "{answer}");
        } else {
            assert_eq!(answer["error"]["code"], code, "{}: {answer}", String::from_utf8_lossy(bytes));
        }
    }
    assert_eq!(server.request("ping", json!({}))["result"], json!({}));
}

#[test]
fn an_http_batch_answers_with_its_array_even_when_its_tools_send_progress() {
    let server = HttpServer::start("quickstart", "http");
    let headers = [("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")];
    let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}});
    let opened = raw_http(server.port, "POST", "/mcp", &headers, init.to_string().as_bytes());
    let session = opened.header("mcp-session-id").expect("a session").to_owned();
    let mut with_session = headers.to_vec();
    with_session.push(("Mcp-Session-Id", &session));
    let batch = json!([
        {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "long_task", "arguments": {"steps": 3}, "_meta": {"progressToken": "p"}}},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "add_numbers", "arguments": {"a": 2, "b": 2}}},
    ]);
    let response = raw_http(server.port, "POST", "/mcp", &with_session, batch.to_string().as_bytes());
    assert_eq!(response.status, 200, "{}", response.body);
    let answers = response.json();
    let ids: Vec<Value> = answers
        .as_array()
        .unwrap_or_else(|| panic!("an array of answers: {}", response.body))
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(ids, [json!(1), json!(2)], "{answers}");
}
