//! Our `Client` over HTTP, on real sockets: Streamable HTTP and legacy
//! HTTP+SSE against our own example servers and the official Python SDK's,
//! discovery between the two, and the `mcp` CLI with a URL.

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mcp_runtime::client::{Client, ClientOptions, Error};
use mcp_tests::{example, python_with_sdk, workspace_root, HttpServer};
use serde_json::json;

fn options(name: &str) -> ClientOptions {
    ClientOptions::named(name).timeout(Duration::from_secs(20))
}

#[tokio::test]
async fn streamable_http_calls_tools_with_progress_and_ends_the_session() {
    let server = HttpServer::start("quickstart", "http");
    let session = options("quickstart").protocol_version(mcp_runtime::protocol::ProtocolVersion::V2025_11_25);
    let client = Client::streamable_http(&server.url(), session).await.expect("connects");
    assert_eq!(client.protocol_version().as_str(), "2025-11-25");
    let sum = client.call_tool("add_numbers", json!({"a": 40, "b": 2})).await.expect("call");
    assert_eq!(sum.structured_content, Some(json!({"result": 42})));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let done = client
        .call_tool_with_progress("long_task", json!({"steps": 3}), move |p, total, _| {
            record.lock().expect("lock").push((p, total));
        })
        .await
        .expect("long task");
    assert!(!done.is_error);
    assert_eq!(*seen.lock().expect("lock"), [(1.0, Some(3.0)), (2.0, Some(3.0)), (3.0, Some(3.0))]);
    let bad = client.call_tool("no_such_tool", json!({})).await;
    assert!(matches!(bad, Err(Error::Rpc { .. })) || bad.is_ok_and(|r| r.is_error), "an unknown tool is an error");
    client.close().await;
}

#[tokio::test]
async fn legacy_sse_and_discovery_reach_the_seed_server() {
    let server = HttpServer::start("website_fetcher", "sse");
    let sse_url = format!("http://127.0.0.1:{}/sse", server.port);
    let client = Client::sse(&sse_url, options("fetcher")).await.expect("connects over SSE");
    let text = client.call_tool("calculate", json!({"num1": 1, "num2": 2})).await.expect("call");
    assert_eq!(text.structured_content, None);
    assert!(format!("{:?}", text.content).contains("结果: 3"), "{:?}", text.content);
    client.close().await;
    let discovered = Client::http(&sse_url, options("fetcher")).await.expect("falls back to SSE");
    let tools = discovered.list_tools().await.expect("tools");
    assert_eq!(tools.len(), 3);
    discovered.close().await;
}

#[tokio::test]
async fn unreachable_and_wrong_urls_are_clear_errors() {
    let refused = Client::http("http://127.0.0.1:9/mcp", options("nowhere")).await.err().expect("an error");
    assert_eq!(refused.server(), "nowhere");
    assert!(refused.to_string().contains("cannot connect"), "{refused}");
    let not_http = Client::http("ftp://example.com/mcp", options("ftp")).await.err().expect("an error");
    assert!(matches!(not_http, Error::Protocol { .. }), "{not_http}");
    let server = HttpServer::start("quickstart", "http");
    let wrong_path = format!("http://127.0.0.1:{}/nothing-here", server.port);
    let error = Client::http(&wrong_path, options("quickstart")).await.err().expect("an error");
    assert!(matches!(error, Error::Protocol { .. }), "{error}");
}

/// The Python SDK server with `transport` on a free port, once it answers.
fn python_server(transport: &str) -> Option<(Child, u16)> {
    let python = python_with_sdk()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
    let child = Command::new(python)
        .arg(workspace_root().join("tests/python/sdk_server.py"))
        .args(["--transport", transport, "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the Python server never listened");
        std::thread::sleep(Duration::from_millis(100));
    }
    Some((child, port))
}

#[tokio::test]
async fn the_python_sdk_server_over_both_http_transports() {
    for (transport, path) in [("streamable-http", "/mcp"), ("sse", "/sse")] {
        let Some((mut child, port)) = python_server(transport) else { return };
        let url = format!("http://127.0.0.1:{port}{path}");
        let client = Client::http(&url, options("python-sdk")).await.expect("connects");
        assert_eq!(client.server_info().name, "PythonSDKServer", "{transport}");
        let loud: String = client.call_tool_as("shout", json!({"text": "hey"})).await.expect("shout");
        assert_eq!(loud, "HEY", "{transport}");
        client.close().await;
        let _ = child.kill();
        let _ = child.wait();
    }
}

#[test]
fn the_mcp_cli_takes_a_url() {
    let server = HttpServer::start("quickstart", "http");
    let out = Command::new(example("mcp")).args(["call", "add_numbers", "a=2", "b=5", "--", &server.url()]).output();
    let out = out.expect("mcp runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "7\n", "{}", String::from_utf8_lossy(&out.stderr));
    let sse = HttpServer::start("website_fetcher", "sse");
    let url = format!("http://127.0.0.1:{}/sse", sse.port);
    let out = Command::new(example("mcp")).args(["call", &url, "calculate", "num1=1", "num2=2"]).output();
    let out = out.expect("mcp runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "结果: 3\n", "{}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new(example("mcp")).args(["list", &url]).output().expect("mcp runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("weather"), "{}", String::from_utf8_lossy(&out.stdout));
}

/// `mcp call` follows a tool the server runs as a task to its result,
/// showing the task's status on stderr.
#[test]
fn the_cli_follows_a_task_to_its_result() {
    let server = HttpServer::start("conformance", "http");
    let args = ["call", "slow_compute", "seconds=1", "label=cli", "--", &server.url()];
    let out = Command::new(example("mcp")).args(args).output().expect("mcp runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "cli computed in 1 s\n", "{stderr}");
    assert!(stderr.contains("task ") && stderr.contains(": working"), "{stderr}");
    assert_eq!(out.status.code(), Some(0));
}

/// `mcp skills` lists the Agent Skills of the `skills` example.
#[test]
fn the_cli_lists_skills() {
    let server = HttpServer::start("skills", "http");
    let out = Command::new(example("mcp")).args(["skills", &server.url()]).output().expect("mcp runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("code-review  Review code using the team's checklist.  (skill://code-review/SKILL.md)"),
        "{stdout}"
    );
    assert!(stdout.contains("release-notes"), "{stdout}");
}

#[tokio::test]
async fn a_hub_mixes_stdio_and_remote_servers() {
    use mcp_runtime::client::{Hub, Retry, ServersConfig};
    let http = HttpServer::start("quickstart", "http");
    let sse = HttpServer::start("website_fetcher", "sse");
    let text = json!({"mcpServers": {
        "local": {"command": example("quickstart").display().to_string()},
        "streamable": {"url": http.url(), "headers": {"Authorization": "Bearer ${TOKEN}"}},
        "legacy": {"url": format!("http://127.0.0.1:{}/sse", sse.port), "transport": "sse"},
    }})
    .to_string();
    let env = |name: &str| (name == "TOKEN").then(|| "t0k3n".to_owned());
    let config = ServersConfig::parse(&text, std::path::Path::new("servers_config.json"), env).expect("valid");
    let retry = Retry::new(1, Duration::from_millis(10), 1.0);
    let hub = Hub::connect(&config, |name: &str| options(name), retry).await;
    assert!(hub.failures().is_empty(), "{:?}", hub.failures());
    let names: Vec<&str> = hub.tools().iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"streamable__add_numbers") && names.contains(&"calculate"), "{names:?}");
    let sum = hub.call_tool("streamable__add_numbers", json!({"a": 1, "b": 1})).await.expect("routed over HTTP");
    assert_eq!(sum.structured_content, Some(json!({"result": 2})));
    let weather = hub.call_tool("weather", json!({"city": "Beijing"})).await.expect("routed over SSE");
    assert!(!weather.is_error);
    hub.close().await;
}

#[tokio::test]
async fn a_listen_stream_opens_and_closes_over_streamable_http() {
    let server = HttpServer::start("quickstart", "http");
    let client = Client::http(&server.url(), options("quickstart")).await.expect("connects");
    assert_eq!(client.protocol_version(), mcp_runtime::protocol::ProtocolVersion::V2026_07_28);
    let filter = mcp_runtime::client::ListenFilter { tools_list_changed: true, ..Default::default() };
    let listening = client.listen(filter).await.expect("acknowledged on the POST's stream");
    assert_eq!(listening.honoured()["toolsListChanged"], true);
    drop(listening);
    let sum = client.call_tool("add_numbers", json!({"a": 1, "b": 1})).await.expect("still serving");
    assert_eq!(sum.structured_content, Some(json!({"result": 2})));
    client.close().await;
}

/// A session-era Streamable HTTP server that knows nothing of
/// `server/discover`: it refuses it as a legacy server does, hands out a
/// session on `initialize`, and on the session's GET stream sends one
/// unprompted `notifications/tools/list_changed`. Returns its URL.
fn legacy_streamable_server() -> String {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://127.0.0.1:{}/mcp", listener.local_addr().expect("addr").port());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let (head, body) = mcp_tests::read_request(&stream);
                let message: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                let reply = |status: &str, kind: &str, text: String| {
                    format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nMcp-Session-Id: s1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}", text.len())
                };
                let response = if head.starts_with("GET") && head.to_ascii_lowercase().contains("mcp-session-id: s1") {
                    // Late enough for the test to be listening by then.
                    std::thread::sleep(Duration::from_millis(300));
                    let event = json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"});
                    reply("200 OK", "text/event-stream", format!("data: {event}\n\n"))
                } else {
                    let result = match message["method"].as_str() {
                        Some("initialize") => {
                            json!({"protocolVersion": "2025-11-25", "capabilities": {"tools": {"listChanged": true}}, "serverInfo": {"name": "legacy", "version": "1"}})
                        }
                        Some("tools/list") => json!({"tools": []}),
                        Some("server/discover") => {
                            let error = json!({"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32600, "message": "Bad Request: Missing session ID"}});
                            let _ = stream
                                .write_all(reply("400 Bad Request", "application/json", error.to_string()).as_bytes());
                            return;
                        }
                        _ => json!({}),
                    };
                    match message.get("id") {
                        Some(id) => reply(
                            "200 OK",
                            "application/json",
                            json!({"jsonrpc": "2.0", "id": id, "result": result}).to_string(),
                        ),
                        None => reply("202 Accepted", "application/json", String::new()),
                    }
                };
                let _ = stream.write_all(response.as_bytes());
            });
        }
    });
    url
}

#[tokio::test]
async fn after_the_probe_falls_back_the_session_gets_its_get_stream() {
    let url = legacy_streamable_server();
    let client = Client::streamable_http(&url, options("legacy")).await.expect("falls back to initialize");
    assert_eq!(client.protocol_version(), mcp_runtime::protocol::ProtocolVersion::V2025_11_25);
    let mut notes = client.notifications();
    let note = tokio::time::timeout(Duration::from_secs(10), notes.recv()).await.expect("in time").expect("open");
    assert_eq!(note.method, "notifications/tools/list_changed");
    client.close().await;
}

/// Waits up to 10 s for `notifications/resources/updated` about `uri`.
async fn updated(
    notes: &mut tokio::sync::broadcast::Receiver<mcp_runtime::client::ServerNotification>,
    uri: &str,
) -> bool {
    let heard = async {
        while let Ok(note) = notes.recv().await {
            if note.method == "notifications/resources/updated" && note.params["uri"] == uri {
                return true;
            }
        }
        false
    };
    tokio::time::timeout(Duration::from_secs(10), heard).await.unwrap_or(false)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_survives_the_server_restarting() {
    let bulletin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_bulletin"));
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let port = port.to_string();
    let args = ["--transport", "http", "--port", &port];
    let first = HttpServer::start_with(&bulletin, &args);
    let client = Client::http(&first.url(), options("bulletin")).await.expect("connects");
    assert_eq!(client.protocol_version(), mcp_runtime::protocol::ProtocolVersion::V2026_07_28);
    let mut notes = client.notifications();
    client.subscribe("bulletin://latest").await.expect("a listen stream");
    client.call_tool("post", json!({"text": "one"})).await.expect("post");
    assert!(updated(&mut notes, "bulletin://latest").await, "the first server's update");
    drop(first);
    let _second = HttpServer::start_with(&bulletin, &args);
    // The client listens again on its own; posts go on until one is heard.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut heard = false;
    while !heard && Instant::now() < deadline {
        if client.call_tool("post", json!({"text": "two"})).await.is_ok() {
            heard = updated(&mut notes, "bulletin://latest").await;
        } else {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    assert!(heard, "the subscription was listened for again on the new server");
    client.close().await;
}
