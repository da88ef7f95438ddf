//! The Streamable HTTP transport in process, over real sockets on 127.0.0.1:
//! disconnection cancels a 2026-07-28 call, and a session-era stream whose
//! connection broke is resumed with `Last-Event-ID`.
#![cfg(feature = "server-http")]

use std::time::Duration;

use mcp_runtime::prelude::*;
use mcp_runtime::transport::http::HttpOptions;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Notify;

static STARTED: Notify = Notify::const_new();
static DROPPED: Notify = Notify::const_new();
static RELEASE: Notify = Notify::const_new();

struct DropSignal;

impl Drop for DropSignal {
    fn drop(&mut self) {
        DROPPED.notify_one();
    }
}

/// Logs once, then works forever.
#[tool]
async fn endless(ctx: Context) -> String {
    let _guard = DropSignal;
    ctx.info("started");
    STARTED.notify_one();
    std::future::pending::<String>().await
}

/// Logs once, then waits for the test to release it.
#[tool]
async fn gated(ctx: Context) -> String {
    ctx.info("waiting");
    RELEASE.notified().await;
    "released".into()
}

async fn serve() -> u16 {
    let server = Server::new("http-test").tools(tools![endless, gated]);
    let router = server.into_router(HttpOptions::default()).expect("router");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, router).await });
    port
}

/// Sends a request and returns a reader positioned after the response head,
/// with the head's lines.
async fn send(port: u16, method: &str, headers: &[String], body: &str) -> (BufReader<TcpStream>, Vec<String>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let mut request = format!("{method} /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\n", body.len());
    for h in headers {
        request.push_str(h);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut reader = BufReader::new(stream);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.expect("read");
        if line == "\r\n" {
            return (reader, head);
        }
        head.push(line.trim_end().to_owned());
    }
}

/// Reads SSE lines until one with `data: {json}` carrying `needle`; returns the last `id:` seen.
async fn read_until(reader: &mut BufReader<TcpStream>, needle: &str) -> Option<String> {
    let mut last_id = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.expect("read") == 0 {
            return None;
        }
        if let Some(id) = line.trim_end().strip_prefix("id: ") {
            last_id = Some(id.to_owned());
        }
        if line.starts_with("data: ") && line.contains(needle) {
            return last_id;
        }
    }
}

const POST: [&str; 2] = ["Content-Type: application/json", "Accept: application/json, text/event-stream"];

fn post_headers(extra: &[&str]) -> Vec<String> {
    POST.iter().chain(extra).map(|h| (*h).to_owned()).collect()
}

#[tokio::test]
async fn a_stateless_client_that_disconnects_mid_call_cancels_it() {
    let port = serve().await;
    let body = r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"endless","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/logLevel":"info"}}}"#;
    let headers = post_headers(&["MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/call", "Mcp-Name: endless"]);
    let (mut reader, head) = send(port, "POST", &headers, body).await;
    assert!(head[0].starts_with("HTTP/1.1 200"), "{head:?}");
    STARTED.notified().await;
    read_until(&mut reader, "started").await;
    drop(reader);
    let dropped = tokio::time::timeout(Duration::from_secs(30), DROPPED.notified()).await;
    assert!(dropped.is_ok(), "the call was not cancelled after its client went away");
}

#[tokio::test]
async fn a_broken_session_stream_resumes_with_last_event_id() {
    let port = serve().await;
    let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#;
    let (_, head) = send(port, "POST", &post_headers(&[]), init).await;
    let session = head
        .iter()
        .find_map(|h| h.to_ascii_lowercase().strip_prefix("mcp-session-id:").map(|v| v.trim().to_owned()))
        .expect("a session id");
    let session_header = format!("Mcp-Session-Id: {session}");

    let call = r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"gated"}}"#;
    let (mut reader, head) = send(port, "POST", &post_headers(&[&session_header]), call).await;
    assert!(head.iter().any(|h| h.eq_ignore_ascii_case("content-type: text/event-stream")), "{head:?}");
    let last = read_until(&mut reader, "waiting").await.expect("an event id");
    drop(reader); // the connection breaks; the call goes on

    RELEASE.notify_one();
    let resume = vec![session_header, "Accept: text/event-stream".to_owned(), format!("Last-Event-ID: {last}")];
    let (mut reader, head) = send(port, "GET", &resume, "").await;
    assert!(head[0].starts_with("HTTP/1.1 200"), "{head:?}");
    let id = read_until(&mut reader, "released").await.expect("the response is replayed");
    let stream = last.split('-').next().expect("stream");
    assert!(id.starts_with(&format!("{stream}-")), "same stream: {id} after {last}");
}

#[tokio::test]
async fn a_last_event_id_of_a_stream_kept_nowhere_is_410() {
    let port = serve().await;
    let (_, head) = send(port, "POST", &post_headers(&[]), INIT).await;
    let session = head
        .iter()
        .find_map(|h| h.to_ascii_lowercase().strip_prefix("mcp-session-id:").map(|v| v.trim().to_owned()))
        .expect("a session id");
    // Stream 7 of an instance: a request's stream, never opened here.
    let unknown = (0x1234_5678_u64 << 32) | 7;
    let resume = vec![
        format!("Mcp-Session-Id: {session}"),
        "Accept: text/event-stream".to_owned(),
        format!("Last-Event-ID: {unknown}-3"),
    ];
    let (_, head) = send(port, "GET", &resume, "").await;
    assert!(head[0].starts_with("HTTP/1.1 410"), "{head:?}");
}

async fn serve_with(options: HttpOptions) -> u16 {
    let router = Server::new("limits").tools(tools![gated]).into_router(options).expect("router");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, router).await });
    port
}

const INIT: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#;

async fn initialize(port: u16) -> (String, Option<String>) {
    let (_, head) = send(port, "POST", &post_headers(&[]), INIT).await;
    let session =
        head.iter().find_map(|h| h.to_ascii_lowercase().strip_prefix("mcp-session-id:").map(|v| v.trim().to_owned()));
    (head[0].clone(), session)
}

#[tokio::test]
async fn at_the_session_cap_the_longest_idle_session_makes_room() {
    let port = serve_with(HttpOptions::default().max_sessions(2)).await;
    let first = initialize(port).await.1.expect("a session");
    let second = initialize(port).await.1.expect("a session");
    let ping = r#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#;
    // The first is used again: the second is now the longest idle.
    let (_, head) = send(port, "POST", &post_headers(&[&format!("Mcp-Session-Id: {first}")]), ping).await;
    assert!(head[0].starts_with("HTTP/1.1 200"), "{head:?}");
    let (status, third) = initialize(port).await;
    assert!(status.starts_with("HTTP/1.1 200"), "a newcomer is never locked out: {status}");
    assert!(third.is_some());
    let (_, head) = send(port, "POST", &post_headers(&[&format!("Mcp-Session-Id: {second}")]), ping).await;
    assert!(head[0].starts_with("HTTP/1.1 404"), "the evicted client starts again: {head:?}");
    let (_, head) = send(port, "POST", &post_headers(&[&format!("Mcp-Session-Id: {first}")]), ping).await;
    assert!(head[0].starts_with("HTTP/1.1 200"), "the active session stays: {head:?}");
}

#[tokio::test]
async fn idle_sessions_expire() {
    let port = serve_with(HttpOptions::default().session_idle_timeout(Duration::from_millis(50))).await;
    let (_, first) = initialize(port).await;
    let first = first.expect("a session");
    // Well past the idle limit; opening another session sweeps idle ones.
    tokio::time::sleep(Duration::from_millis(300)).await;
    initialize(port).await;
    let ping = r#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#;
    let (_, head) = send(port, "POST", &post_headers(&[&format!("Mcp-Session-Id: {first}")]), ping).await;
    assert!(head[0].starts_with("HTTP/1.1 404"), "an expired session is gone: {head:?}");
}
