//! Seed 004's remote mode end to end: the `remote` example on a wildcard
//! bind over WebSocket, reached through the machine's own address by the
//! seed-era Python SDK (`mcp.client.websocket`), by our `mcp` command, by
//! `Client` and by the hub; over `wss://` with a generated certificate; and
//! WebSocket beside Streamable HTTP on one port.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use mcp_runtime::client::{Client, ClientOptions, Hub, Retry, ServersConfig};
use mcp_tests::{example, generated_certificate, python_with_seed_sdk, reachable_ip, run_python, HttpServer};
use serde_json::json;

fn remote(extra: &[&str]) -> HttpServer {
    let mut args = vec!["--transport", "websocket", "--host", "0.0.0.0", "--port", "0"];
    args.extend_from_slice(extra);
    HttpServer::start_with(&example("remote"), &args)
}

/// `host:port` through the machine's own address (loopback when it has none).
fn address(server: &HttpServer) -> String {
    match reachable_ip() {
        std::net::IpAddr::V6(ip) => format!("[{ip}]:{}", server.port),
        ip => format!("{ip}:{}", server.port),
    }
}

fn mcp(args: &[&str], trust: Option<&Path>) -> String {
    let mut command = Command::new(example("mcp"));
    command.args(args).env_remove("SSL_CERT_FILE");
    if let Some(cert) = trust {
        command.env("SSL_CERT_FILE", cert);
    }
    let out = command.output().expect("mcp runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "mcp {args:?}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

#[test]
fn the_seed_era_python_client_reaches_the_remote_server() {
    let Some(python) = python_with_seed_sdk() else { return };
    let server = remote(&[]);
    for url in [format!("ws://{}", address(&server)), format!("ws://{}/mcp", address(&server))] {
        let stdout = run_python(&python, "seed_websocket_client.py", &[&url], &[]);
        assert!(stdout.contains("seed websocket client ok"), "{url}: {stdout}");
    }
}

#[test]
fn the_mcp_command_calls_and_reads_over_ws_and_wss() {
    let server = remote(&[]);
    let url = format!("ws://{}", address(&server));
    assert_eq!(mcp(&["call", &url, "add_numbers", "a=5", "b=3"], None).trim(), "8");
    assert!(mcp(&["read", &url, "greeting://hello"], None).contains("Hello from Remote MCP Server!"));

    let (cert, key) = generated_certificate();
    let (cert_arg, key_arg) = (cert.to_string_lossy().into_owned(), key.to_string_lossy().into_owned());
    let secure = remote(&["--tls-cert", &cert_arg, "--tls-key", &key_arg]);
    let log = secure.log_lines().join("\n");
    assert!(log.contains("serving MCP at wss://0.0.0.0:"), "{log}");
    for url in [format!("wss://localhost:{}", secure.port), format!("wss://{}", address(&secure))] {
        assert_eq!(mcp(&["call", &url, "add_numbers", "a=5", "b=3"], Some(&cert)).trim(), "8", "{url}");
    }
}

#[tokio::test]
async fn client_and_hub_connect_by_ws_url() {
    let server = remote(&[]);
    let url = format!("ws://{}", address(&server));
    let client = Client::connect(&url, ClientOptions::named("remote")).await.expect("connects");
    let sum: serde_json::Value = client.call_tool_as("add_numbers", json!({"a": 5, "b": 3})).await.expect("calls");
    assert_eq!(sum, json!(8));
    client.close().await;

    let text = json!({"mcpServers": {"remote": {"url": url}}}).to_string();
    let config = ServersConfig::parse(&text, Path::new("servers_config.json"), |_| None).expect("valid");
    let hub =
        Hub::connect(&config, |name: &str| ClientOptions::named(name), Retry::new(1, Duration::from_millis(10), 1.0))
            .await;
    assert!(hub.failures().is_empty(), "{:?}", hub.failures());
    let sum = hub.call_tool("add_numbers", json!({"a": 2, "b": 2})).await.expect("routed over WebSocket");
    assert_eq!(sum.structured_content, Some(json!({"result": 4})));
    hub.close().await;
}

#[test]
fn one_port_serves_streamable_http_legacy_sse_and_websocket() {
    let server = HttpServer::start("quickstart", "http");
    let port = server.port;
    for url in [
        format!("http://127.0.0.1:{port}/mcp"),
        format!("http://127.0.0.1:{port}/sse"),
        format!("ws://127.0.0.1:{port}/mcp"),
        format!("ws://127.0.0.1:{port}"),
    ] {
        assert_eq!(mcp(&["call", &url, "add_numbers", "a=5", "b=3"], None).trim(), "8", "{url}");
    }
}

#[test]
fn sigterm_closes_open_websockets_at_once() {
    let mut server = remote(&[]);
    let mut tcp = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    use std::io::{Read, Write};
    write!(
        tcp,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    )
    .expect("send");
    let mut head = [0u8; 12];
    tcp.read_exact(&mut head).expect("the upgrade's answer");
    assert_eq!(&head, b"HTTP/1.1 101");
    assert_eq!(server.terminate(), Some(0));
    let log = server.log_lines().join("\n");
    assert!(!log.contains("still running"), "the socket closed at once:\n{log}");
}
