//! The HTTP front door against hostile peers, over real sockets on
//! 127.0.0.1: stalled and oversized headers, oversized and malformed
//! bodies, too many connections, too many sessions, and unbounded
//! subscriptions. After each, the server still answers.
#![cfg(feature = "server-http")]

use std::time::Duration;

use mcp_runtime::prelude::*;
use mcp_runtime::transport::http::HttpOptions;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Add two numbers together.
#[tool]
async fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// A note.
#[resource("notes://{id}")]
async fn note(id: String) -> String {
    format!("note {id}")
}

const INIT: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#;

/// A server on a free port with `options`; returns the port.
async fn serve(options: HttpOptions) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = Server::new("front-door").tools(tools![add]).resources(resources![note]);
    tokio::spawn(server.serve_http_on(listener, options));
    port
}

/// Sends raw bytes and reads the whole answer until the server closes or
/// `Connection: close` is honoured; returns the status line.
async fn exchange(port: u16, raw: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    stream.write_all(raw).await.expect("send");
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    let read = tokio::time::timeout(Duration::from_secs(10), reader.read_line(&mut status)).await;
    read.expect("an answer without waiting for the body").expect("read");
    status.trim_end().to_owned()
}

fn post(port: u16, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Accept: application/json, text/event-stream\r\nConnection: close\r\n{headers}\r\n{body}"
    )
    .into_bytes()
}

/// A plain `initialize` still works: the server is serving.
async fn still_serving(port: u16) {
    let raw = post(port, &format!("Content-Length: {}\r\n", INIT.len()), INIT);
    assert_eq!(exchange(port, &raw).await, "HTTP/1.1 200 OK");
}

/// Whether the server closes the connection (EOF, or a reset) within `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 512];
    loop {
        match tokio::time::timeout(limit, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn stalled_headers_are_closed_after_the_header_timeout() {
    let port = serve(HttpOptions::default().header_read_timeout(Duration::from_millis(300))).await;
    let mut stalled = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
        stream.write_all(b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await.expect("half a header");
        stalled.push(stream);
    }
    for stream in &mut stalled {
        assert!(closed_within(stream, Duration::from_secs(10)).await, "a stalled connection is closed");
    }
    still_serving(port).await;
}

#[tokio::test]
async fn an_oversized_header_is_431() {
    let port = serve(HttpOptions::default()).await;
    let huge = format!("X-Huge: {}\r\nContent-Length: 2\r\n", "a".repeat(100 * 1024));
    assert!(exchange(port, &post(port, &huge, "{}")).await.starts_with("HTTP/1.1 431"));
    still_serving(port).await;
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_413_before_the_body() {
    let port = serve(HttpOptions::default().body_timeout(Duration::from_secs(60))).await;
    let declared = format!("Content-Length: {}\r\n", 64 * 1024 * 1024);
    // No body follows: the answer must not wait for one.
    assert!(exchange(port, &post(port, &declared, "")).await.starts_with("HTTP/1.1 413"));
    let (session, _stream) = open_legacy(port).await;
    let legacy = format!(
        "POST /messages/?session_id={session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        64 * 1024 * 1024
    );
    assert!(exchange(port, legacy.as_bytes()).await.starts_with("HTTP/1.1 413"));
    assert!(legacy_post_status(port, &session).await.starts_with("HTTP/1.1 202"), "the session goes on");
    still_serving(port).await;
}

#[tokio::test]
async fn a_body_that_grows_past_the_limit_is_413() {
    let port = serve(HttpOptions::default().max_body_bytes(1024)).await;
    let chunked = format!("Transfer-Encoding: chunked\r\n\r\n800\r\n{}\r\n0\r\n\r\n", "a".repeat(0x800));
    let raw = post(port, "", "");
    let mut raw = raw[..raw.len() - 2].to_vec();
    raw.extend_from_slice(chunked.as_bytes());
    assert!(exchange(port, &raw).await.starts_with("HTTP/1.1 413"));
    still_serving(port).await;
}

#[tokio::test]
async fn malformed_chunked_framing_is_400() {
    let port = serve(HttpOptions::default()).await;
    let raw = post(port, "Transfer-Encoding: chunked\r\n", "ZZZ\r\n{}\r\n0\r\n\r\n");
    let status = exchange(port, &raw).await;
    assert!(status.starts_with("HTTP/1.1 400"), "{status}");
    still_serving(port).await;
}

#[tokio::test]
async fn connections_over_the_cap_are_closed_at_once() {
    let port = serve(HttpOptions::default().max_connections(4)).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(("127.0.0.1", port)).await.expect("connect"));
    }
    // Let the server accept all four before the fifth arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut extra = TcpStream::connect(("127.0.0.1", port)).await.expect("the kernel accepts");
    assert!(closed_within(&mut extra, Duration::from_secs(5)).await, "the fifth connection is closed");
    drop(held);
    tokio::time::sleep(Duration::from_millis(200)).await;
    still_serving(port).await;
}

/// Opens `GET /sse` and reads its `endpoint` event: the session id and the
/// still-open stream.
async fn open_legacy(port: u16) -> (String, BufReader<TcpStream>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let request = format!("GET /sse HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).await.expect("read") > 0, "the stream opens");
        if let Some(endpoint) = line.trim_end().strip_prefix("data: ") {
            let id = endpoint.split("session_id=").nth(1).expect("an id").to_owned();
            return (id, reader);
        }
    }
}

async fn legacy_post_status(port: u16, session: &str) -> String {
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
    let raw = format!(
        "POST /messages/?session_id={session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    exchange(port, raw.as_bytes()).await
}

#[tokio::test]
async fn legacy_sse_sessions_are_capped_by_evicting_the_longest_idle() {
    let port = serve(HttpOptions::default().max_sessions(2)).await;
    let (first, mut first_stream) = open_legacy(port).await;
    let (second, _second_stream) = open_legacy(port).await;
    assert!(legacy_post_status(port, &second).await.starts_with("HTTP/1.1 202"));
    let (third, _third_stream) = open_legacy(port).await;
    assert!(legacy_post_status(port, &third).await.starts_with("HTTP/1.1 202"));
    assert!(legacy_post_status(port, &first).await.starts_with("HTTP/1.1 404"), "the longest idle went");
    assert!(stream_ends(&mut first_stream).await, "the evicted session's stream ends");
}

/// Whether a chunked response ends (its last, empty chunk) or the
/// connection closes, within 10 s.
async fn stream_ends(reader: &mut BufReader<TcpStream>) -> bool {
    let reading = async {
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "0\r\n" => return,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), reading).await.is_ok()
}

#[tokio::test]
async fn idle_legacy_sessions_expire() {
    let port = serve(HttpOptions::default().session_idle_timeout(Duration::from_millis(100))).await;
    let (first, _stream) = open_legacy(port).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (_second, _other) = open_legacy(port).await;
    assert!(legacy_post_status(port, &first).await.starts_with("HTTP/1.1 404"));
}
