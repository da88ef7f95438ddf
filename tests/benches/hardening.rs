//! What an attacker can make a server pay, per finding of the hostile
//! review: bytes held, CPU per request, connections held. Each case runs
//! against the quickstart example built from this tree and, when
//! `MCP_BENCH_BEFORE` names a quickstart binary built from an earlier
//! tree, against that one too, in the same run.
//!
//! `cargo bench -p mcp-tests --bench hardening`. Figures go to
//! BENCHMARKS.md. CPU is the server process's user+system time from
//! /proc (10 ms ticks), over many requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mcp_tests::{example, HttpServer, StdioServer};
use serde_json::{json, Value};

const JSON_AND_SSE: (&str, &str) = ("Accept", "application/json, text/event-stream");
const CONTENT_JSON: (&str, &str) = ("Content-Type", "application/json");

fn main() {
    let mut servers = vec![("this tree".to_owned(), example("quickstart"))];
    if let Ok(before) = std::env::var("MCP_BENCH_BEFORE") {
        servers.insert(0, ("before".to_owned(), PathBuf::from(before)));
    }
    for (label, program) in &servers {
        println!("\n## {label}: {}", program.display());
        capabilities(program);
        templates(program);
        legacy_sse(program);
        websocket(program);
        standing(program);
        cancellation(program);
    }
}

fn start(program: &Path) -> HttpServer {
    HttpServer::start_with(program, &["--transport", "http", "--port", "0"])
}

/// The server's user+system CPU so far, in ms.
fn cpu_ms(server: &HttpServer) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", server.pid())).unwrap_or_default();
    let after = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| f.iter().filter_map(|v| v.parse::<f64>().ok()).sum());
    ticks * 10.0
}

fn post(server: &HttpServer, session: Option<&str>, body: &[u8]) -> mcp_tests::HttpResponse {
    let mut headers = vec![JSON_AND_SSE, CONTENT_JSON, ("MCP-Protocol-Version", "2025-11-25")];
    if let Some(session) = session {
        headers.push(("Mcp-Session-Id", session));
    }
    server.request("POST", "/mcp", &headers, body)
}

fn initialize(capabilities: &str) -> Vec<u8> {
    initialize_as("2025-11-25", capabilities)
}

fn initialize_as(version: &str, capabilities: &str) -> Vec<u8> {
    format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"protocolVersion":"{version}","capabilities":{capabilities},"clientInfo":{{"name":"b","version":"0"}}}}}}"#
    )
    .into_bytes()
}

/// Finding 1: a 3.8 MB `capabilities` value, kept and cloned per request.
fn capabilities(program: &Path) {
    let server = start(program);
    let huge = format!(r#"{{"experimental":{{"pad":[{}0]}}}}"#, "0,".repeat(1_900_000));
    let before = server.rss_mb();
    let mut sessions = Vec::new();
    for _ in 0..10 {
        let r = post(&server, None, &initialize(&huge));
        sessions.extend(r.header("mcp-session-id").map(str::to_owned));
    }
    let grown = server.rss_mb() - before;
    let list = br#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#;
    let per_list = match sessions.first() {
        Some(session) => {
            let cpu = cpu_ms(&server);
            for _ in 0..20 {
                post(&server, Some(session), list);
            }
            format!("{:.1} ms", (cpu_ms(&server) - cpu) / 20.0)
        }
        None => "refused (-32602)".to_owned(),
    };
    let opened = sessions.len();
    println!(
        "| 1 | 10 `initialize` with 3.8 MB `capabilities` | sessions opened: {opened}, RSS +{grown:.0} MB | `tools/list` CPU on one: {per_list} |"
    );
}

/// Finding 3: `resources/read` of a long URI that does not match
/// `weather://{city}/current` (every split is tried before it fails).
fn templates(program: &Path) {
    let server = start(program);
    let session = post(&server, None, &initialize("{}")).header("mcp-session-id").unwrap_or_default().to_owned();
    let mut row = Vec::new();
    for length in [8_000, 16_000, 32_000, 1_000_000] {
        let uri = format!("weather://{}", "a".repeat(length));
        let body = json!({"jsonrpc": "2.0", "id": 3, "method": "resources/read", "params": {"uri": uri}});
        let cpu = cpu_ms(&server);
        let started = Instant::now();
        // A read that takes longer than the client waits (30 s) panics it.
        let answered = std::panic::catch_unwind(|| post(&server, Some(&session), body.to_string().as_bytes()).status);
        let (spent, took) = (cpu_ms(&server) - cpu, started.elapsed());
        match answered {
            Ok(status) => row.push(format!("{length} chars: {spent:.0} ms CPU ({status})")),
            Err(_) => row.push(format!("{length} chars: no answer within 30 s ({spent:.0} ms CPU so far)")),
        }
        if took > Duration::from_secs(3) {
            row.push("longer URIs skipped".into());
            break;
        }
    }
    println!("| 3 | long URI in `resources/read` | {} |", row.join(", "));
}

/// Finding 4: a legacy SSE client that never reads `/sse`.
fn legacy_sse(program: &Path) {
    let server = start(program);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    write!(stream, "GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").expect("send");
    let mut events = BufReader::new(stream);
    let endpoint = loop {
        let mut line = String::new();
        if events.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if let Some(path) = line.trim().strip_prefix("data: /messages/") {
            break format!("/messages/{path}");
        }
    };
    // 2025-03-26: the revision that has batches.
    let init = initialize_as("2025-03-26", "{}");
    server.request("POST", &endpoint, &[CONTENT_JSON], &init);
    let before = server.rss_mb();
    let id = "i".repeat(16 * 1024);
    let mut accepted = 0;
    for n in 0..160 {
        let batch: Vec<Value> =
            (0..64).map(|k| json!({"jsonrpc": "2.0", "id": format!("{id}-{n}-{k}"), "method": "ping"})).collect();
        let body = json!(batch).to_string();
        if server.request("POST", &endpoint, &[CONTENT_JSON], body.as_bytes()).status != 202 {
            break;
        }
        accepted += 1;
    }
    let grown = server.rss_mb() - before;
    println!("| 4 | 160 POSTs of 64 pings (16 KB ids), `/sse` unread | server grew {grown:.0} MB | POSTs accepted: {accepted} |");
}

/// Finding 5: a WebSocket client that sends and never reads.
fn websocket(program: &Path) {
    use tokio_tungstenite::tungstenite::{self, Message};
    let server = start(program);
    let stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.set_write_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let url = format!("ws://127.0.0.1:{}/mcp", server.port);
    let Ok((mut socket, _)) = tungstenite::client(url.as_str(), stream) else { return };
    let id = "i".repeat(64 * 1024);
    for n in 0..400 {
        let ping = json!({"jsonrpc": "2.0", "id": format!("{id}{n}"), "method": "ping"});
        if socket.send(Message::text(ping.to_string())).is_err() {
            break;
        }
    }
    let started = Instant::now();
    let limit = Duration::from_secs(30);
    let mut raw = socket.into_inner();
    raw.set_read_timeout(Some(Duration::from_secs(1))).expect("timeout");
    let mut sink = vec![0u8; 1 << 20];
    let closed = loop {
        match raw.read(&mut sink) {
            Ok(0) => break true,
            Err(e) if e.kind() != std::io::ErrorKind::WouldBlock && e.kind() != std::io::ErrorKind::TimedOut => {
                break true
            }
            _ if started.elapsed() > limit => break false,
            _ => {}
        }
    };
    let outcome = if closed {
        format!("closed by the server after {:.1} s", started.elapsed().as_secs_f64())
    } else {
        "still open after 30 s".into()
    };
    println!("| 5 | WebSocket, 400 pings with 64 KB ids, never read | {outcome} |");
}

/// Finding 6: how many standing streams one peer holds, and whether a
/// newcomer still gets in.
fn standing(program: &Path) {
    let server = start(program);
    let mut held = Vec::new();
    for _ in 0..1_030 {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", server.port)) else { break };
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        if write!(stream, "GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").is_err() {
            break;
        }
        let mut head = [0u8; 12];
        if stream.read_exact(&mut head).is_err() || &head[9..12] != b"200" {
            break;
        }
        held.push(stream);
    }
    let newcomer = std::panic::catch_unwind(|| post(&server, None, &initialize("{}")).status).unwrap_or(0);
    println!(
        "| 6 | one peer opens 1,030 `GET /sse` | held: {} | a new client's `initialize`: {} |",
        held.len(),
        if newcomer == 0 { "no answer".to_owned() } else { newcomer.to_string() }
    );
}

/// Finding 15: over stdio, 400 pipelined one-second `long_task` calls
/// (more than run at once plus what the queue held by count), then a
/// cancel for each of the 64 running ones and a ping. How long the ping
/// waited, and how many progress steps the cancelled calls sent after it.
fn cancellation(program: &Path) {
    let mut server = StdioServer::spawn(program, &[]);
    server.initialize("2025-11-25");
    for id in 1..=400 {
        server.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {
            "name": "long_task", "arguments": {"steps": 100}, "_meta": {"progressToken": id}}}));
    }
    let cancelled = Instant::now();
    for id in 1..=64 {
        server.send(&json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": id}}));
    }
    server.send(&json!({"jsonrpc": "2.0", "id": "ping", "method": "ping"}));
    let (mut waited, mut late) = (None, [0u32; 65]);
    // Everything the server sends in the 1.5 s after the cancels.
    while cancelled.elapsed() < Duration::from_millis(1_500) {
        let message = server.recv();
        if message["id"] == "ping" {
            waited.get_or_insert(cancelled.elapsed());
        }
        let token = message["params"]["progressToken"].as_u64().and_then(|t| usize::try_from(t).ok());
        if let Some(count) =
            token.and_then(|t| late.get_mut(t)).filter(|_| message["method"] == "notifications/progress")
        {
            *count += 1;
        }
    }
    let waited = waited.map_or("over 1.5 s".to_owned(), |w| format!("{} ms", w.as_millis()));
    let most = late.iter().max().copied().unwrap_or(0);
    let kept_on = late.iter().filter(|&&n| n > 1).count();
    println!("| 15 | 400 pipelined calls, then 64 cancels and a ping | ping answered after {waited} | cancelled calls that sent 2+ more steps: {kept_on}/64, at most {most} |");
}
