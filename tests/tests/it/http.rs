//! The HTTP transports through real sockets on 127.0.0.1: the seed's legacy
//! SSE flow, and each class of bad HTTP input with its status and error.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use mcp_tests::{HttpServer, STUCK};
use serde_json::{json, Value};

const JSON_AND_SSE: (&str, &str) = ("Accept", "application/json, text/event-stream");
const CONTENT_JSON: (&str, &str) = ("Content-Type", "application/json");

fn initialize_body() -> Vec<u8> {
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}});
    init.to_string().into_bytes()
}

/// Initializes a session; returns its id.
fn open_session(server: &HttpServer) -> String {
    let r = server.request("POST", "/mcp", &[JSON_AND_SSE, CONTENT_JSON], &initialize_body());
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.json()["result"]["serverInfo"]["name"], "mcp-website-fetcher");
    r.header("mcp-session-id").expect("a session id").to_owned()
}

fn call(server: &HttpServer, session: &str, body: &Value) -> mcp_tests::HttpResponse {
    let headers = [JSON_AND_SSE, CONTENT_JSON, ("Mcp-Session-Id", session), ("MCP-Protocol-Version", "2025-11-25")];
    server.request("POST", "/mcp", &headers, body.to_string().as_bytes())
}

fn ping(id: u32) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "ping"})
}

#[test]
fn legacy_sse_works_as_the_seed_uses_it() {
    let server = HttpServer::start("website_fetcher", "sse");
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.set_read_timeout(Some(STUCK)).expect("timeout");
    write!(stream, "GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").expect("send");
    let mut events = BufReader::new(stream);
    let endpoint = read_until_data(&mut events, "event: endpoint");
    assert!(endpoint.starts_with("/messages/?session_id="), "{endpoint}");
    let posted = server.request("POST", &endpoint, &[CONTENT_JSON], &initialize_body());
    assert_eq!(posted.status, 202);
    let reply: Value = serde_json::from_str(&read_until_data(&mut events, "event: message")).expect("json");
    assert_eq!(reply["result"]["serverInfo"]["name"], "mcp-website-fetcher");
    let call = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "calculate", "arguments": {"num1": 2, "num2": 3}}});
    assert_eq!(server.request("POST", &endpoint, &[CONTENT_JSON], call.to_string().as_bytes()).status, 202);
    let reply: Value = serde_json::from_str(&read_until_data(&mut events, "event: message")).expect("json");
    assert_eq!(reply["result"]["content"][0]["text"], "结果: 5");
    let unknown = server.request("POST", "/messages/?session_id=nope", &[CONTENT_JSON], b"{}");
    assert_eq!(unknown.status, 404);
}

/// Reads SSE lines until `marker`, then returns the next `data:` value.
fn read_until_data(events: &mut BufReader<TcpStream>, marker: &str) -> String {
    let mut seen = false;
    loop {
        let mut line = String::new();
        assert!(events.read_line(&mut line).expect("read") > 0, "the stream closed");
        let line = line.trim_end();
        if line.ends_with(marker) {
            seen = true;
        } else if let Some(data) = line.strip_prefix("data: ").filter(|_| seen) {
            return data.to_owned();
        }
    }
}

#[test]
fn streamable_http_session_lifecycle() {
    let server = HttpServer::start("website_fetcher", "http");
    let session = open_session(&server);
    let r = call(&server, &session, &ping(2));
    assert_eq!((r.status, r.json()["result"].clone()), (200, json!({})));
    let deleted = server.request("DELETE", "/mcp", &[("Mcp-Session-Id", &session)], b"");
    assert_eq!(deleted.status, 200);
    let after = call(&server, &session, &ping(3));
    assert_eq!(after.status, 404, "a deleted session is gone: {after:?}");
}

#[test]
fn bad_http_input_gets_the_right_status_and_error() {
    let server = HttpServer::start("website_fetcher", "http");
    let session = open_session(&server);
    let body = ping(7).to_string();

    let r = server.request(
        "POST",
        "/mcp",
        &[JSON_AND_SSE, ("Content-Type", "text/plain"), ("Mcp-Session-Id", &session)],
        body.as_bytes(),
    );
    assert_eq!((r.status, r.json()["error"]["code"].clone()), (415, json!(-32600)));

    let r = server.request("POST", "/mcp", &[CONTENT_JSON, ("Mcp-Session-Id", &session)], body.as_bytes());
    assert_eq!((r.status, r.json()["error"]["code"].clone()), (406, json!(-32600)));

    let r = server.request("POST", "/mcp", &[JSON_AND_SSE, CONTENT_JSON, ("Mcp-Session-Id", &session)], b"{not json");
    assert_eq!(
        (r.status, r.json()["error"]["code"].clone(), r.json()["id"].clone()),
        (400, json!(-32700), Value::Null)
    );

    let huge = vec![b' '; 5 * 1024 * 1024];
    let r = server.request("POST", "/mcp", &[JSON_AND_SSE, CONTENT_JSON, ("Mcp-Session-Id", &session)], &huge);
    assert_eq!(r.status, 413);

    let r = call(&server, "not-a-session", &ping(8));
    assert_eq!((r.status, r.json()["error"]["code"].clone()), (404, json!(-32600)));

    let headers =
        [JSON_AND_SSE, CONTENT_JSON, ("Mcp-Session-Id", session.as_str()), ("MCP-Protocol-Version", "1999-01-01")];
    let r = server.request("POST", "/mcp", &headers, body.as_bytes());
    assert_eq!(r.status, 400);

    let headers =
        [JSON_AND_SSE, CONTENT_JSON, ("Mcp-Session-Id", session.as_str()), ("Origin", "https://evil.example")];
    let r = server.request("POST", "/mcp", &headers, body.as_bytes());
    assert_eq!(r.status, 403);

    let modern = json!({"jsonrpc": "2.0", "id": 9, "method": "tools/list", "params": {"_meta": {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}}});
    let headers = [JSON_AND_SSE, CONTENT_JSON, ("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/call")];
    let r = server.request("POST", "/mcp", &headers, modern.to_string().as_bytes());
    assert_eq!((r.status, r.json()["error"]["code"].clone(), r.json()["id"].clone()), (400, json!(-32020), json!(9)));

    let headers = [JSON_AND_SSE, CONTENT_JSON, ("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/list")];
    let r = server.request("POST", "/mcp", &headers, modern.to_string().as_bytes());
    assert_eq!(r.status, 200, "the same request with matching headers is served: {r:?}");
    assert_eq!(r.json()["result"]["resultType"], "complete");

    let still = call(&server, &session, &ping(10));
    assert_eq!(still.status, 200, "the server keeps serving: {still:?}");
}

#[test]
fn sigterm_lets_calls_in_flight_finish() {
    let mut server = HttpServer::start("quickstart", "http");
    let init = server.request("POST", "/mcp", &[JSON_AND_SSE, CONTENT_JSON], &initialize_body());
    let session = init.header("mcp-session-id").expect("session").to_owned();
    let call = json!({"jsonrpc": "2.0", "id": 5, "method": "tools/call",
        "params": {"name": "long_task", "arguments": {"steps": 30}, "_meta": {"progressToken": "p"}}})
    .to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.set_read_timeout(Some(STUCK)).expect("timeout");
    write!(
        stream,
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMcp-Session-Id: {session}\r\nContent-Length: {}\r\n\r\n{call}",
        call.len()
    )
    .expect("send");
    let mut events = BufReader::new(stream);
    read_until_data(&mut events, "event: message"); // the call is running
    let exit = std::thread::scope(|s| {
        let stopping = s.spawn(|| server.terminate());
        let result = loop {
            let data = read_until_data(&mut events, "event: message");
            if data.contains("\"result\"") {
                break data;
            }
        };
        assert!(result.contains("completed 30 steps"), "{result}");
        stopping.join().expect("terminate")
    });
    assert_eq!(exit, Some(0), "a graceful shutdown exits 0");
}

/// Opens a stream with a raw GET and reads its head; the stream stays open.
fn open_stream(port: u16, path: &str, headers: &str) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(STUCK)).expect("timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n{headers}\r\n")
        .expect("send");
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).expect("status");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    reader
}

#[test]
fn sigterm_closes_standing_streams_at_once() {
    let mut server = HttpServer::start("quickstart", "http");
    let init = server.request("POST", "/mcp", &[JSON_AND_SSE, CONTENT_JSON], &initialize_body());
    let session = init.header("mcp-session-id").expect("session").to_owned();
    let _get = open_stream(server.port, "/mcp", &format!("Mcp-Session-Id: {session}\r\n"));
    let _legacy = open_stream(server.port, "/sse", "");
    assert_eq!(server.terminate(), Some(0), "a graceful shutdown exits 0");
    let log = server.log_lines().join("\n");
    assert!(!log.contains("still running"), "no call was running, so nothing waited for the grace period:\n{log}");
}
