//! Serving over HTTP in tests: [`HttpServer`] (an example on a free port),
//! raw HTTP/1.1 requests and responses, the machine's addresses, and a
//! self-signed certificate.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::programs::{example, rss_mb_of};
use crate::stdio::{wait_with_deadline, STUCK};

/// A self-signed certificate made for this test run, valid for
/// `localhost`, 127.0.0.1 and the machine's own address: the paths of the
/// certificate and its key (PEM), in a fresh directory.
pub fn generated_certificate() -> (PathBuf, PathBuf) {
    let mut names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
    names.extend(machine_address().map(|ip| ip.to_string()));
    let certified = rcgen::generate_simple_self_signed(names).expect("a certificate");
    let dir = std::env::temp_dir().join(format!("mcp-tls-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).expect("write the certificate");
    std::fs::write(&key, certified.signing_key.serialize_pem()).expect("write the key");
    (cert, key)
}

fn unique() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A server example running with `--transport http|sse` on a free port.
pub struct HttpServer {
    child: Child,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl HttpServer {
    /// Starts `example` with `--transport <transport> --port 0` and reads the
    /// port it bound from its log, so parallel tests never race for a port.
    pub fn start(example_name: &str, transport: &str) -> Self {
        Self::start_program(&example(example_name), transport)
    }

    /// Starts any server binary the same way.
    pub fn start_program(program: &Path, transport: &str) -> Self {
        Self::start_with(program, &["--transport", transport, "--port", "0"])
    }

    /// Starts `program` with `args` (which should include `--port 0`) and
    /// reads the port it bound from its log.
    pub fn start_with(program: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(program)
            .args(args)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let port = served_port(&line);
                // Kept before the port is told, so a caller that reads the
                // log once it has the port finds the line.
                kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(line);
                if let Some(port) = port {
                    let _ = tx.send(port);
                }
            }
        });
        let Ok(port) = rx.recv_timeout(STUCK) else {
            let _ = child.kill();
            let lines = log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).join("\n");
            panic!("the server never logged the address it serves; its log:\n{lines}");
        };
        HttpServer { child, port, log }
    }

    /// What the server wrote to stderr so far.
    pub fn log_lines(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// The server's log once a line contains `needle` (it may come a
    /// moment after the event that causes it), joined; panics with the log
    /// when none does within [`STUCK`].
    pub fn log_containing(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + STUCK;
        loop {
            let log = self.log_lines().join("\n");
            if log.contains(needle) {
                return log;
            }
            assert!(std::time::Instant::now() < deadline, "no log line contains {needle:?}; the log:\n{log}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's resident memory (VmRSS), in MB; NaN when unreadable.
    pub fn rss_mb(&self) -> f64 {
        rss_mb_of(self.pid())
    }

    /// Sends SIGTERM and waits for the process to exit; its exit code.
    pub fn terminate(&mut self) -> Option<i32> {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        wait_with_deadline(&mut self.child).code()
    }

    /// The Streamable HTTP endpoint.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/mcp", self.port)
    }

    /// Sends a raw HTTP/1.1 request and reads the whole response.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
        raw_http(self.port, method, path, headers, body)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one HTTP/1.1 request off `stream`: its head (request line and
/// headers) and its body, by `Content-Length`.
pub fn read_request(stream: &std::net::TcpStream) -> (String, Vec<u8>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let (mut head, mut length) = (String::new(), 0);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
        head.push_str(&line);
    }
    let mut body = vec![0; length];
    let _ = std::io::Read::read_exact(&mut reader, &mut body);
    (head, body)
}

/// This machine's address on its network (not loopback), when it has one:
/// what another machine would connect to. No packet is sent; connecting a
/// UDP socket only picks a route.
pub fn machine_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The address tests use to reach a server bound to all interfaces: the
/// machine's own when it has one, loopback otherwise.
pub fn reachable_ip() -> std::net::IpAddr {
    machine_address().unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))
}

/// The port in a start-up line such as `serving MCP at http://127.0.0.1:8000/mcp`.
fn served_port(line: &str) -> Option<u16> {
    let (_, rest) = line.split_once("serving MCP at ")?;
    let (_, rest) = rest.split_once("://")?;
    let authority = rest.split(['/', ' ']).next()?;
    authority.rsplit_once(':')?.1.parse().ok()
}

/// A response read off a socket.
#[derive(Debug)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header lines, lower-cased names.
    pub headers: Vec<(String, String)>,
    /// The body (for SSE, the raw event text).
    pub body: String,
}

impl HttpResponse {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// One HTTP/1.1 request with `Connection: close`, read to the end.
pub fn raw_http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    use std::io::Read;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(STUCK)).expect("timeout");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body)).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> HttpResponse {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]);
    let body = raw.get(split + 4..).unwrap_or_default();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked { dechunk(body) } else { body.to_vec() };
    HttpResponse { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
}

/// Joins the chunks of a chunked body (sizes are byte counts).
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = body.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&body[..eol]);
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else { break };
        let rest = &body[eol + 2..];
        if n == 0 || rest.len() < n {
            break;
        }
        out.extend_from_slice(&rest[..n]);
        body = rest[n..].strip_prefix(b"\r\n").unwrap_or(&rest[n..]);
    }
    out
}
