//! What the HTTP benchmarks share: keep-alive HTTP/1.1 connections, blocking
//! and async, and the requests they send.

#![allow(dead_code)] // Each bench uses its own part.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

pub(crate) const INIT: &str = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}"#;
pub(crate) const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
pub(crate) const CALL: &str =
    r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_numbers","arguments":{"a":5,"b":3}}}"#;
pub(crate) const STATELESS_CALL: &str = r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_numbers","arguments":{"a":5,"b":3},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#;
pub(crate) const STATELESS_HEADERS: &str =
    "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: add_numbers\r\n";

pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The session headers after `initialize` on `conn`.
pub(crate) fn session_headers(session: Option<String>) -> String {
    format!("Mcp-Session-Id: {}\r\nMCP-Protocol-Version: 2025-11-25\r\n", session.expect("a session id"))
}

fn request(port: u16, extra: &str, body: &str) -> String {
    format!(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Reads a header line: the content length and the session id, if it is one.
fn header(line: &str, length: &mut usize, session: &mut Option<String>) {
    if let Some((name, value)) = line.split_once(':') {
        match name.to_ascii_lowercase().as_str() {
            "content-length" => *length = value.trim().parse().unwrap_or(0),
            "mcp-session-id" => *session = Some(value.trim().to_owned()),
            _ => {}
        }
    }
}

/// A keep-alive HTTP/1.1 connection.
pub(crate) struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    port: u16,
}

impl Conn {
    pub(crate) fn open(port: u16) -> Self {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Conn { reader: BufReader::new(stream.try_clone().expect("clone")), writer: stream, port }
    }

    /// POSTs `body` to /mcp; returns the session header (if any) and the body.
    pub(crate) fn post(&mut self, extra: &str, body: &str) -> (Option<String>, String) {
        self.writer.write_all(request(self.port, extra, body).as_bytes()).expect("send");
        let (mut length, mut session) = (0, None);
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("read");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            header(line, &mut length, &mut session);
        }
        let mut buf = vec![0; length];
        self.reader.read_exact(&mut buf).expect("body");
        (session, String::from_utf8_lossy(&buf).into_owned())
    }
}

/// An async keep-alive HTTP/1.1 connection (tokio), as an agent host has.
pub(crate) struct AsyncConn {
    reader: tokio::io::BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    port: u16,
}

impl AsyncConn {
    pub(crate) async fn open(port: u16) -> Self {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        let (read, writer) = stream.into_split();
        AsyncConn { reader: tokio::io::BufReader::new(read), writer, port }
    }

    pub(crate) async fn post(&mut self, extra: &str, body: &str) -> (Option<String>, String) {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
        self.writer.write_all(request(self.port, extra, body).as_bytes()).await.expect("send");
        let (mut length, mut session) = (0, None);
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.expect("read");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            header(line, &mut length, &mut session);
        }
        let mut buf = vec![0; length];
        self.reader.read_exact(&mut buf).await.expect("body");
        (session, String::from_utf8_lossy(&buf).into_owned())
    }
}

/// A floor server binary, on a port it picks and prints.
pub(crate) struct Floor {
    child: std::process::Child,
    pub(crate) port: u16,
}

impl Floor {
    /// Starts `program` with `--port 0` and reads its address.
    pub(crate) fn start(program: &Path) -> Self {
        let mut child = std::process::Command::new(program)
            .args(["--port", "0"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the floor starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().expect("stderr")).read_line(&mut line).expect("the floor's address");
        let port = line.trim().rsplit(':').next().and_then(|p| p.parse().ok()).expect("a port");
        Floor { child, port }
    }
}

impl Drop for Floor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The p50 round trip (ms) of a session-era call from one blocking client,
/// after `warm_up` calls, over `calls`.
pub(crate) fn session_p50(port: u16, warm_up: usize, calls: usize) -> f64 {
    let mut conn = Conn::open(port);
    let headers = session_headers(conn.post("", INIT).0);
    for _ in 0..warm_up {
        conn.post(&headers, CALL);
    }
    let mut samples: Vec<Duration> = (0..calls)
        .map(|_| {
            let started = Instant::now();
            conn.post(&headers, CALL);
            started.elapsed()
        })
        .collect();
    samples.sort_unstable();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

/// Redis's `used_memory`, in bytes, through a raw `INFO memory`.
pub(crate) fn redis_used_memory(port: u16) -> f64 {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("redis");
    stream.write_all(b"INFO memory\r\n").expect("send");
    stream.set_read_timeout(Some(Duration::from_millis(300))).expect("a timeout");
    let mut reply = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&reply);
    text.lines().find_map(|l| l.strip_prefix("used_memory:")).and_then(|v| v.trim().parse().ok()).unwrap_or(f64::NAN)
}
