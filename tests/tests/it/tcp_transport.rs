//! A transport written outside `mcp-runtime`'s private modules, over its
//! public connection core: the `tcp` example serves newline-delimited
//! JSON-RPC on a socket. A client on 127.0.0.1 initializes, calls a tool,
//! reads a resource, pipelines, sends bad input, and the server goes on.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use mcp_tests::{example, STUCK};
use serde_json::{json, Value};

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the example on a free port; the port.
fn start() -> (Server, u16) {
    let mut child = Command::new(example("tcp"))
        .arg("127.0.0.1:0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    let stderr = child.stderr.take().expect("piped");
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).expect("a log line");
    let port =
        line.trim().rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("no port in {line:?}"));
    (Server(child), port)
}

struct Peer {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
}

impl Peer {
    fn connect(port: u16) -> Self {
        let writer = TcpStream::connect(("127.0.0.1", port)).expect("connects");
        writer.set_read_timeout(Some(STUCK)).expect("timeout");
        let reader = BufReader::new(writer.try_clone().expect("clone"));
        Peer { writer, reader }
    }

    fn send(&mut self, line: &str) {
        self.writer.write_all(format!("{line}\n").as_bytes()).expect("sends");
    }

    fn recv(&mut self) -> Value {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("a line");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
    }
}

#[test]
fn a_transport_built_on_the_public_core_serves_tools_and_resources() {
    let (_server, port) = start();
    let mut peer = Peer::connect(port);
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "tcp-test", "version": "0"}}});
    peer.send(&init.to_string());
    assert_eq!(peer.recv()["result"]["serverInfo"]["name"], "tcp-example");
    peer.send(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
    // Pipelined: two requests before reading either answer.
    peer.send(
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add_numbers","arguments":{"a":5,"b":3}}}"#,
    );
    peer.send(r#"{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"greeting://hello"}}"#);
    let mut answers = [peer.recv(), peer.recv()];
    answers.sort_by_key(|a| a["id"].as_i64());
    assert_eq!(answers[0]["result"]["structuredContent"]["result"], 8);
    assert_eq!(answers[1]["result"]["contents"][0]["text"], "Hello from MCP over TCP!");
    peer.send("{not json");
    assert_eq!(peer.recv()["error"]["code"], -32700);
    peer.send(r#"{"jsonrpc":"2.0","id":4,"method":"ping"}"#);
    assert_eq!(peer.recv(), json!({"jsonrpc": "2.0", "id": 4, "result": {}}));
    // A second client gets its own session.
    let mut other = Peer::connect(port);
    other.send(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#);
    assert_eq!(other.recv()["error"]["code"], -32600, "not initialized yet");
}
