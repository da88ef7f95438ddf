//! [`StdioServer`]: a server running as a child process, spoken to over its
//! stdin and stdout.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{json, Value};

/// How long a test waits for one message before declaring the server stuck.
/// A guard against hangs, not a performance assertion.
pub const STUCK: Duration = Duration::from_secs(30);

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

pub(crate) fn wait_with_deadline(child: &mut Child) -> ExitStatus {
    let deadline = std::time::Instant::now() + STUCK;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(std::time::Instant::now() < deadline, "the server did not exit after EOF");
        std::thread::sleep(Duration::from_millis(10));
    }
}
