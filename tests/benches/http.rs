//! Streamable HTTP benchmark: the quickstart example (release) under load
//! from raw keep-alive HTTP/1.1 clients on the same machine.
//!
//! `cargo bench -p mcp-tests --bench http`. Figures go to BENCHMARKS.md.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use mcp_tests::HttpServer;

const CLIENTS: usize = 16;
const LOAD_SECONDS: u64 = 3;
const ROUNDS: usize = 3;
const LATENCY_CALLS: usize = 5_000;
const IDLE_SESSIONS: usize = 1_000;

fn main() {
    let server = HttpServer::start("quickstart", "http");
    // For profiling: `MCP_BENCH_PROFILE=stateless|session` loads the server alone for 20 s.
    if let Ok(era) = std::env::var("MCP_BENCH_PROFILE") {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        for _ in 0..7 {
            eprintln!("{:.0} calls/s", runtime.block_on(async_throughput(server.port, era == "stateless")));
        }
        return;
    }
    let floor = FloorServer::start();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mut rows = Vec::new();
    for (kind, asynchronous) in [("blocking clients", false), ("async clients", true)] {
        eprintln!("{kind} ...");
        let load = |port: u16, stateless: bool| {
            if asynchronous {
                runtime.block_on(async_throughput(port, stateless))
            } else {
                throughput(port, stateless)
            }
        };
        let (mut floor_calls, mut session, mut stateless) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            floor_calls.push(load(floor.port, false));
            session.push(load(server.port, false));
            stateless.push(load(server.port, true));
        }
        let floor_calls = median(floor_calls);
        rows.push((format!("calls/s, {CLIENTS} {kind}, one session each (plain JSON)"), floor_calls, median(session)));
        rows.push((format!("calls/s, {CLIENTS} {kind}, stateless 2026-07-28"), floor_calls, median(stateless)));
    }
    let (floor_p50, p50) = (latency_p50(floor.port), latency_p50(server.port));
    rows.push(("round trip p50, one blocking client (ms)".to_owned(), floor_p50, p50));
    let (idle_rss, sessions) = idle_sessions_rss(server.port, &server);
    println!("| measure | floor (axum + serde_json::Value) | mcp-runtime quickstart | ratio |");
    println!("| --- | ---: | ---: | ---: |");
    for (label, a, b) in rows {
        println!("| {label} | {a:.3} | {b:.3} | {:.2}x |", b / a);
    }
    println!("| RSS with {sessions} idle sessions (MB) | | {idle_rss:.1} | |");
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The hand-written floor (`floor_http`), on a port it picks.
struct FloorServer {
    child: std::process::Child,
    port: u16,
}

impl FloorServer {
    fn start() -> Self {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_floor_http"))
            .args(["--port", "0"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the floor starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().expect("stderr")).read_line(&mut line).expect("the floor's address");
        let port = line.trim().rsplit(':').next().and_then(|p| p.parse().ok()).expect("a port");
        FloorServer { child, port }
    }
}

impl Drop for FloorServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    port: u16,
}

impl Conn {
    fn open(port: u16) -> Self {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Conn { reader: BufReader::new(stream.try_clone().expect("clone")), writer: stream, port }
    }

    /// POSTs `body` to /mcp; returns the session header (if any) and the body.
    fn post(&mut self, extra: &str, body: &str) -> (Option<String>, String) {
        let request = format!(
            "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n{extra}Content-Length: {}\r\n\r\n{body}",
            self.port,
            body.len()
        );
        self.writer.write_all(request.as_bytes()).expect("send");
        let (mut length, mut session) = (0, None);
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("read");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "mcp-session-id" => session = Some(value.trim().to_owned()),
                    _ => {}
                }
            }
        }
        let mut buf = vec![0; length];
        self.reader.read_exact(&mut buf).expect("body");
        (session, String::from_utf8_lossy(&buf).into_owned())
    }
}

const INIT: &str = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}"#;
const CALL: &str =
    r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_numbers","arguments":{"a":5,"b":3}}}"#;
const STATELESS_CALL: &str = r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_numbers","arguments":{"a":5,"b":3},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#;
const STATELESS_HEADERS: &str =
    "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: add_numbers\r\n";

/// Prepares a connection for calls: a session's headers, or stateless ones.
fn client(port: u16, stateless: bool) -> (Conn, String) {
    let mut conn = Conn::open(port);
    if stateless {
        return (conn, STATELESS_HEADERS.to_owned());
    }
    let (session, _) = conn.post("", INIT);
    let session = session.expect("a session id");
    (conn, format!("Mcp-Session-Id: {session}\r\nMCP-Protocol-Version: 2025-11-25\r\n"))
}

fn throughput(port: u16, stateless: bool) -> f64 {
    let body = if stateless { STATELESS_CALL } else { CALL };
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            std::thread::spawn(move || {
                let (mut conn, headers) = client(port, stateless);
                let mut calls = 0u64;
                while Instant::now() < deadline {
                    let (_, reply) = conn.post(&headers, body);
                    debug_assert!(reply.contains("\"result\""), "{reply}");
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    let total: u64 = workers.into_iter().map(|w| w.join().expect("worker")).sum();
    total as f64 / LOAD_SECONDS as f64
}

/// An async keep-alive HTTP/1.1 connection (tokio), as an agent host has.
struct AsyncConn {
    reader: tokio::io::BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    port: u16,
}

impl AsyncConn {
    async fn open(port: u16) -> Self {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        let (read, writer) = stream.into_split();
        AsyncConn { reader: tokio::io::BufReader::new(read), writer, port }
    }

    async fn post(&mut self, extra: &str, body: &str) -> (Option<String>, String) {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
        let request = format!(
            "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n{extra}Content-Length: {}\r\n\r\n{body}",
            self.port,
            body.len()
        );
        self.writer.write_all(request.as_bytes()).await.expect("send");
        let (mut length, mut session) = (0, None);
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.expect("read");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "mcp-session-id" => session = Some(value.trim().to_owned()),
                    _ => {}
                }
            }
        }
        let mut buf = vec![0; length];
        self.reader.read_exact(&mut buf).await.expect("body");
        (session, String::from_utf8_lossy(&buf).into_owned())
    }
}

async fn async_throughput(port: u16, stateless: bool) -> f64 {
    let body = if stateless { STATELESS_CALL } else { CALL };
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            tokio::spawn(async move {
                let mut conn = AsyncConn::open(port).await;
                let headers = if stateless {
                    STATELESS_HEADERS.to_owned()
                } else {
                    let (session, _) = conn.post("", INIT).await;
                    format!(
                        "Mcp-Session-Id: {}\r\nMCP-Protocol-Version: 2025-11-25\r\n",
                        session.expect("a session id")
                    )
                };
                let mut calls = 0u64;
                while Instant::now() < deadline {
                    conn.post(&headers, body).await;
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    let mut total = 0;
    for worker in workers {
        total += worker.await.expect("worker");
    }
    total as f64 / LOAD_SECONDS as f64
}

fn latency_p50(port: u16) -> f64 {
    let (mut conn, headers) = client(port, false);
    for _ in 0..500 {
        conn.post(&headers, CALL);
    }
    let mut samples: Vec<Duration> = (0..LATENCY_CALLS)
        .map(|_| {
            let start = Instant::now();
            conn.post(&headers, CALL);
            start.elapsed()
        })
        .collect();
    samples.sort_unstable();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

/// Opens idle sessions (one initialize each), then reads the server's RSS.
fn idle_sessions_rss(port: u16, server: &HttpServer) -> (f64, usize) {
    let mut conn = Conn::open(port);
    for _ in 0..IDLE_SESSIONS {
        conn.post("", INIT);
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.pid())).unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    (kb / 1024.0, IDLE_SESSIONS)
}
