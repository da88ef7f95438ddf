//! Binding off the loopback: a wildcard bind serves clients that use an IP
//! address (here, the machine's own) or a name `--allowed-host` lists, and
//! pages of the server's own origin; another site's page (cross-site
//! WebSocket hijacking) and an unlisted name (DNS rebinding) are refused,
//! and a refusal names the flag that fixes it. `--allowed-host '*'` opts
//! out. A loopback bind keeps the same protection.

use std::io::{Read, Write};
use std::net::{IpAddr, TcpStream};

use mcp_tests::{example, reachable_ip, HttpServer, STUCK};
use serde_json::Value;

const INIT: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#;

/// POSTs `initialize` to `ip:port` with `host` as the Host header (and an
/// Origin, when given); the status and the body.
fn initialize(ip: IpAddr, port: u16, host: &str, origin: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect((ip, port)).expect("connect");
    stream.set_read_timeout(Some(STUCK)).expect("timeout");
    let origin = origin.map(|o| format!("Origin: {o}\r\n")).unwrap_or_default();
    write!(
        stream,
        "POST /mcp HTTP/1.1\r\nHost: {host}\r\n{origin}Content-Type: application/json\r\n\
         Accept: application/json, text/event-stream\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{INIT}",
        INIT.len()
    )
    .expect("send");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    let status = raw.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn error_message(body: &str) -> String {
    let value: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    value["error"]["message"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn a_wildcard_bind_serves_ip_addresses_and_refuses_other_sites_and_unknown_names() {
    let server =
        HttpServer::start_with(&example("quickstart"), &["--transport", "http", "--host", "0.0.0.0", "--port", "0"]);
    let ip = reachable_ip();
    let port = server.port;
    let authority = format!("{ip}:{port}");
    let (status, body) = initialize(ip, port, &authority, None);
    assert_eq!(status, 200, "{body}");
    let (status, body) = initialize(ip, port, &authority, Some(&format!("http://{authority}")));
    assert_eq!(status, 200, "a page of the server itself: {body}");
    let (status, body) = initialize(ip, port, &authority, Some("https://evil.example"));
    assert_eq!(status, 403, "another site's page: {body}");
    assert!(error_message(&body).contains("--allowed-origin https://evil.example"), "{body}");
    let (status, body) = initialize(ip, port, "evil.example", Some("http://evil.example"));
    assert_eq!(status, 421, "DNS rebinding: Origin and Host agree, the name is not the server's: {body}");
    let (status, body) = upgrade(ip, port, &authority, "https://evil.example");
    assert_eq!(status, 403, "a WebSocket from another site's page: {body}");
    let log = server.log_containing("authorization: none");
    assert!(log.contains("listening on all interfaces"), "{log}");
    assert!(log.contains("Host must be an IP address or a loopback name"), "{log}");
}

#[test]
fn allowed_host_star_opts_out_of_the_name_check() {
    let args = ["--transport", "http", "--host", "0.0.0.0", "--port", "0", "--allowed-host", "*"];
    let server = HttpServer::start_with(&example("quickstart"), &args);
    let (status, _) = initialize(reachable_ip(), server.port, "mcp.example.com", None);
    assert_eq!(status, 200, "a name behind a proxy");
    let log = server.log_containing("authorization: none");
    assert!(log.contains("any Host"), "{log}");
}

/// A WebSocket upgrade with `origin`; the status and the body.
fn upgrade(ip: IpAddr, port: u16, host: &str, origin: &str) -> (u16, String) {
    let mut stream = TcpStream::connect((ip, port)).expect("connect");
    stream.set_read_timeout(Some(STUCK)).expect("timeout");
    write!(
        stream,
        "GET /mcp HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Protocol: mcp\r\n\r\n"
    )
    .expect("send");
    let mut raw = vec![0u8; 4096];
    let n = stream.read(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw[..n]).into_owned();
    let status = raw.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
    (status, raw)
}

#[test]
fn allowed_host_restricts_a_wildcard_bind_and_the_refusal_names_the_flag() {
    let args = ["--transport", "http", "--host", "0.0.0.0", "--port", "0", "--allowed-host", "mcp.example.com"];
    let server = HttpServer::start_with(&example("quickstart"), &args);
    let ip = reachable_ip();
    let (status, _) = initialize(ip, server.port, "mcp.example.com", None);
    assert_eq!(status, 200);
    let (status, body) = initialize(ip, server.port, "other.example", None);
    assert_eq!(status, 421);
    assert!(error_message(&body).contains("--allowed-host"), "{body}");
    let (status, _) = initialize(ip, server.port, &format!("127.0.0.1:{}", server.port), None);
    assert_eq!(status, 200, "loopback names are always served");
}

#[test]
fn a_loopback_bind_keeps_dns_rebinding_protection() {
    let server = HttpServer::start("quickstart", "http");
    let loopback = IpAddr::from([127, 0, 0, 1]);
    let (status, body) = initialize(loopback, server.port, "attacker.example", None);
    assert_eq!(status, 421);
    assert!(error_message(&body).contains("--allowed-host attacker.example"), "{body}");
    let (status, body) = initialize(loopback, server.port, "localhost", Some("https://attacker.example"));
    assert_eq!(status, 403);
    assert!(error_message(&body).contains("--allowed-origin https://attacker.example"), "{body}");
    let (status, _) = initialize(loopback, server.port, "localhost", Some("http://localhost:6274"));
    assert_eq!(status, 200);
}
