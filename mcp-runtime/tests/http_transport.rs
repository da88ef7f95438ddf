//! The Streamable HTTP transport in process, over a real socket on
//! 127.0.0.1: a client that disconnects mid-call cancels the call.
#![cfg(feature = "http")]

use std::time::Duration;

use mcp_runtime::prelude::*;
use mcp_runtime::transport::http::HttpOptions;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Notify;

static STARTED: Notify = Notify::const_new();
static DROPPED: Notify = Notify::const_new();

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

async fn serve() -> u16 {
    let router = Server::new("http-test").tools(tools![endless]).into_router(HttpOptions::default()).expect("router");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, router).await });
    port
}

async fn post(stream: &mut TcpStream, port: u16, session: Option<&str>, body: &str) {
    let session = session.map(|s| format!("Mcp-Session-Id: {s}\r\n")).unwrap_or_default();
    let request = format!(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n{session}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("send");
}

#[tokio::test]
async fn a_client_that_disconnects_mid_call_cancels_it() {
    let port = serve().await;
    let mut init = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#;
    post(&mut init, port, None, body).await;
    let mut head = String::new();
    let mut reader = BufReader::new(&mut init);
    let mut session = None;
    loop {
        head.clear();
        reader.read_line(&mut head).await.expect("read");
        if let Some(value) = head.to_ascii_lowercase().strip_prefix("mcp-session-id:") {
            session = Some(value.trim().to_owned());
        }
        if head == "\r\n" {
            break;
        }
    }
    let session = session.expect("a session id");

    let mut call = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let body = r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"endless"}}"#;
    post(&mut call, port, Some(&session), body).await;
    STARTED.notified().await;
    let mut first = [0u8; 64];
    let n = call.read(&mut first).await.expect("the SSE stream starts");
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
    drop(call);
    let dropped = tokio::time::timeout(Duration::from_secs(30), DROPPED.notified()).await;
    assert!(dropped.is_ok(), "the call was not cancelled after its client went away");
}
