//! The WebSocket transport in process, over real sockets on 127.0.0.1: both
//! eras on one socket, the same port as Streamable HTTP, and the limits a
//! hostile peer meets (message size, Origin, unanswered pings, the session
//! cap, idle expiry). After each, the server still answers.
#![cfg(all(feature = "server-websocket", feature = "client-websocket"))]

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use mcp_runtime::client::{Client, ClientOptions, Error};
use mcp_runtime::prelude::*;
use mcp_runtime::protocol::ProtocolVersion;
use mcp_runtime::transport::http::HttpOptions;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;

/// Add two numbers together.
#[tool]
fn add_numbers(a: i64, b: i64) -> i64 {
    a + b
}

async fn serve(options: HttpOptions) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(Server::new("ws").tools(tools![add_numbers]).serve_http_on(listener, options));
    port
}

async fn add(client: &Client) -> Result<Value, Error> {
    client.call_tool_as::<Value>("add_numbers", json!({"a": 5, "b": 3})).await
}

#[tokio::test]
async fn both_eras_work_over_websocket_beside_streamable_http() {
    let port = serve(HttpOptions::default()).await;
    for url in [format!("ws://127.0.0.1:{port}"), format!("ws://127.0.0.1:{port}/mcp")] {
        let modern = Client::websocket(&url, ClientOptions::named("modern")).await.expect("connects");
        assert_eq!(modern.protocol_version(), ProtocolVersion::V2026_07_28);
        assert_eq!(add(&modern).await.expect("a result"), json!(8));
        let options = ClientOptions::named("session").protocol_version(ProtocolVersion::V2025_11_25);
        let session = Client::websocket(&url, options).await.expect("connects");
        assert_eq!(session.protocol_version(), ProtocolVersion::V2025_11_25);
        assert_eq!(add(&session).await.expect("a result"), json!(8));
        modern.close().await;
        session.close().await;
    }
    let http = Client::http(&format!("http://127.0.0.1:{port}/mcp"), ClientOptions::named("http")).await;
    assert_eq!(add(&http.expect("connects")).await.expect("a result"), json!(8), "the same port serves HTTP");
}

async fn still_serving(port: u16) {
    let client = Client::websocket(&format!("ws://127.0.0.1:{port}"), ClientOptions::named("after")).await;
    assert_eq!(add(&client.expect("connects")).await.expect("a result"), json!(8));
}

#[tokio::test]
async fn an_oversized_message_is_refused_and_the_socket_closed_with_1009() {
    let port = serve(HttpOptions::default()).await;
    let tcp = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let (mut socket, _) =
        tokio_tungstenite::client_async(format!("ws://127.0.0.1:{port}/"), tcp).await.expect("handshake");
    let huge = format!(r#"{{"jsonrpc":"2.0","id":1,"method":"ping","params":{{"pad":"{}"}}}}"#, "a".repeat(5 << 20));
    let _ = socket.send(Message::text(huge)).await;
    let mut refused = None;
    let mut close_code = None;
    while let Some(Ok(message)) = socket.next().await {
        match message {
            Message::Text(text) => refused = Some(text.to_string()),
            Message::Close(frame) => {
                close_code = frame.map(|f| u16::from(f.code));
                break;
            }
            _ => {}
        }
    }
    let refused: Value = serde_json::from_str(&refused.expect("an error first")).expect("json");
    assert_eq!(refused["error"]["code"], -32600, "{refused}");
    assert_eq!(close_code, Some(1009));
    still_serving(port).await;
}

#[tokio::test]
async fn an_upgrade_from_a_foreign_origin_is_403() {
    let port = serve(HttpOptions::default()).await;
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let request = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    );
    tcp.write_all(request.as_bytes()).await.expect("send");
    let mut head = vec![0u8; 64];
    let n = tcp.read(&mut head).await.expect("read");
    assert!(String::from_utf8_lossy(&head[..n]).starts_with("HTTP/1.1 403"));
    still_serving(port).await;
}

/// Completes a WebSocket handshake by hand, then never reads or answers.
async fn silent_socket(port: u16) -> TcpStream {
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let request = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    );
    tcp.write_all(request.as_bytes()).await.expect("send");
    let mut head = vec![0u8; 256];
    let n = tcp.read(&mut head).await.expect("read");
    assert!(String::from_utf8_lossy(&head[..n]).starts_with("HTTP/1.1 101"));
    tcp
}

/// Whether the server closes the TCP connection within 10 s.
async fn closed(tcp: &mut TcpStream) -> bool {
    let mut buf = [0u8; 256];
    let reading = async {
        loop {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), reading).await.is_ok()
}

#[tokio::test]
async fn a_peer_that_never_answers_pings_is_closed() {
    let port = serve(HttpOptions::default().websocket_ping_interval(Duration::from_millis(100))).await;
    let mut silent = silent_socket(port).await;
    assert!(closed(&mut silent).await, "two ping intervals of silence close the socket");
    still_serving(port).await;
}

#[tokio::test]
async fn at_the_cap_the_longest_idle_socket_is_closed() {
    let port = serve(HttpOptions::default().max_sessions(2)).await;
    let url = format!("ws://127.0.0.1:{port}");
    let first = Client::websocket(&url, ClientOptions::named("first")).await.expect("connects");
    let second = Client::websocket(&url, ClientOptions::named("second")).await.expect("connects");
    tokio::time::sleep(Duration::from_millis(20)).await;
    add(&first).await.expect("the first is used: the second is now the longest idle");
    let third = Client::websocket(&url, ClientOptions::named("third")).await.expect("a newcomer connects");
    assert!(add(&third).await.is_ok());
    assert!(add(&second).await.is_err(), "the evicted socket is closed");
    assert!(add(&first).await.is_ok());
}

#[tokio::test]
async fn an_idle_socket_expires() {
    let port = serve(HttpOptions::default().session_idle_timeout(Duration::from_millis(100))).await;
    let mut idle = silent_socket(port).await;
    assert!(closed(&mut idle).await, "the idle socket is closed");
    still_serving(port).await;
}

#[tokio::test]
async fn websocket_only_refuses_plain_http_with_426() {
    let port = serve(HttpOptions::default().websocket_only()).await;
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
    let request = format!(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    tcp.write_all(request.as_bytes()).await.expect("send");
    let mut head = vec![0u8; 512];
    let n = tcp.read(&mut head).await.expect("read");
    let answer = String::from_utf8_lossy(&head[..n]);
    assert!(answer.starts_with("HTTP/1.1 426"), "{answer}");
    assert!(answer.contains("WebSocket only"), "{answer}");
    still_serving(port).await;
}
