//! The website_fetcher example against a real HTTP server on 127.0.0.1.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;

use mcp_tests::{example, StdioServer};
use serde_json::json;

/// A tiny HTTP/1.1 server: `/old` redirects to `/new`, `/new` says hello,
/// `/slow` answers only once the test says so, anything else is 404.
struct LocalSite {
    port: u16,
    release_slow: mpsc::Sender<()>,
}

impl LocalSite {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let (release_slow, slow_rx) = mpsc::channel::<()>();
        let slow_rx = std::sync::Arc::new(std::sync::Mutex::new(slow_rx));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let slow_rx = slow_rx.clone();
                std::thread::spawn(move || serve(stream, &slow_rx));
            }
        });
        LocalSite { port, release_slow }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn serve(mut stream: TcpStream, slow: &std::sync::Mutex<mpsc::Receiver<()>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let response = match path {
        "/old" => "HTTP/1.1 302 Found\r\nConnection: close\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n".to_owned(),
        "/new" => ok("hello from the new page"),
        "/slow" => {
            let _ = slow.lock().map(|rx| rx.recv());
            ok("finally")
        }
        _ => "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 9\r\n\r\nnot found".to_owned(),
    };
    let _ = stream.write_all(response.as_bytes());
}

fn ok(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// The fetcher, allowed to reach the test site on 127.0.0.1.
fn fetcher() -> StdioServer {
    let mut command = std::process::Command::new(example("website_fetcher"));
    command.args(["--transport", "stdio"]).env("WEBSITE_FETCHER_ALLOW_PRIVATE", "1");
    let mut server = StdioServer::spawn_with(&mut command);
    let init = server.initialize("2025-11-25");
    assert_eq!(init["result"]["serverInfo"]["name"], "mcp-website-fetcher");
    server
}

#[test]
fn by_default_fetch_refuses_the_servers_own_network() {
    let site = LocalSite::start();
    let mut server = StdioServer::spawn(&example("website_fetcher"), &["--transport", "stdio"]);
    server.initialize("2025-11-25");
    let port = site.port;
    // Only loopback forms here: a test sends nothing off this machine.
    for url in [
        site.url("/new"),
        format!("http://localhost:{port}/new"),
        format!("http://[::1]:{port}/new"),
        format!("http://[::ffff:127.0.0.1]:{port}/new"),
        format!("http://0.0.0.0:{port}/new"),
        site.url("/old"),
    ] {
        let refused = server.call("fetch", json!({"url": url}));
        assert_eq!(refused["isError"], true, "{url}: {refused}");
        let text = refused["content"][0]["text"].as_str().unwrap_or_default();
        assert!(text.contains("inside this server's network"), "{url}: {text}");
    }
}

#[test]
fn fetch_follows_redirects() {
    let site = LocalSite::start();
    let mut server = fetcher();
    let result = server.call("fetch", json!({"url": site.url("/old")}));
    assert_eq!(result, json!({"content": [{"type": "text", "text": "hello from the new page"}]}));
}

#[test]
fn fetch_reports_http_errors_and_bad_urls_as_tool_errors() {
    let site = LocalSite::start();
    let mut server = fetcher();
    let missing = server.call("fetch", json!({"url": site.url("/missing")}));
    assert_eq!(missing["isError"], true);
    assert!(missing["content"][0]["text"].as_str().is_some_and(|t| t.contains("404")), "{missing}");
    let bad = server.call("fetch", json!({"url": "not a url"}));
    assert_eq!(bad["isError"], true);
    assert_eq!(server.request("ping", json!({}))["result"], json!({}));
}

#[test]
fn weather_and_calculate_match_the_seed() {
    let mut server = fetcher();
    let weather = server.call("weather", json!({"city": "Beijing"}));
    assert_eq!(weather["content"][0]["text"], "城市: 北京\n温度: 20°C\n天气: 晴\n湿度: 50%");
    let sum = server.call("calculate", json!({"num1": 1.5, "num2": 2}));
    assert_eq!(sum["content"][0]["text"], "结果: 3.5");
    let list = server.request("tools/list", json!({}));
    let weather_tool = &list["result"]["tools"][1];
    assert!(weather_tool["description"].as_str().is_some_and(|d| d.contains("canned")), "{weather_tool}");
}

#[test]
fn in_flight_calls_finish_after_stdin_closes() {
    let site = LocalSite::start();
    let mut server = fetcher();
    server.send(&json!({"jsonrpc": "2.0", "id": 77, "method": "tools/call",
        "params": {"name": "fetch", "arguments": {"url": site.url("/slow")}}}));
    server.close_stdin();
    site.release_slow.send(()).expect("release");
    let reply = server.recv();
    assert_eq!(reply["id"], 77);
    assert_eq!(reply["result"]["content"][0]["text"], "finally");
    assert_eq!(server.finish().code(), Some(0));
}
