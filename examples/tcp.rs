//! A transport written outside `mcp-runtime`, against its public connection
//! core: newline-delimited JSON-RPC over TCP, one MCP connection per socket.
//! Everything a transport does is here: connect a sink, feed frames, close.
//!
//! ```text
//! cargo run --example tcp -- 127.0.0.1:7000
//! printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"ping"}' | nc 127.0.0.1 7000
//! ```

use std::sync::Arc;

use mcp_runtime::prelude::*;
use mcp_runtime::protocol::Outbound;
use mcp_runtime::transport::{BuiltServer, Connection};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// Add two numbers together.
#[tool]
async fn add_numbers(a: i64, b: i64) -> i64 {
    a + b
}

/// Return a static greeting message.
#[resource("greeting://hello", mime = "text/plain")]
fn greeting() -> &'static str {
    "Hello from MCP over TCP!"
}

/// Where a connection's frames go: a queue that one task writes to the socket.
struct SocketSink(mpsc::UnboundedSender<Vec<u8>>);

impl Outbound for SocketSink {
    fn send(&self, frame: Vec<u8>) {
        let _ = self.0.send(frame);
    }
}

/// Writes queued frames to the socket, one line each.
async fn write_frames(mut socket: OwnedWriteHalf, mut frames: mpsc::UnboundedReceiver<Vec<u8>>) {
    while let Some(mut frame) = frames.recv().await {
        frame.push(b'\n');
        if socket.write_all(&frame).await.is_err() {
            return;
        }
    }
}

/// Serves one client until it hangs up.
async fn serve_socket(service: BuiltServer, socket: TcpStream) -> std::io::Result<()> {
    socket.set_nodelay(true)?;
    let (reader, writer) = socket.into_split();
    let (frames, queued) = mpsc::unbounded_channel();
    let writing = tokio::spawn(write_frames(writer, queued));
    let connection = Connection::new(&service, Arc::new(SocketSink(frames)));
    let mut lines = BufReader::new(reader).take(u64::MAX);
    let mut line = Vec::new();
    loop {
        line.clear();
        // Bound each line by the server's message size.
        let limit = u64::try_from(connection.max_message_size()).unwrap_or(u64::MAX) + 1;
        lines.set_limit(limit);
        let read = lines.read_until(b'\n', &mut line).await?;
        if read == 0 {
            break;
        }
        if line.last() != Some(&b'\n') && read as u64 >= limit {
            connection.refuse_oversized();
            break;
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            connection.feed(line.trim_ascii()).await;
        }
    }
    connection.close().await;
    drop(connection);
    let _ = writing.await;
    Ok(())
}

fn server() -> Server {
    Server::new("tcp-example")
        .version(env!("CARGO_PKG_VERSION"))
        .tools(tools![add_numbers])
        .resources(resources![greeting])
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:7000".into());
    let service = BuiltServer::new(server()).map_err(std::io::Error::other)?;
    let listener = TcpListener::bind(&address).await?;
    eprintln!("serving MCP over TCP at {}", listener.local_addr()?);
    loop {
        let (socket, peer) = listener.accept().await?;
        let service = service.clone();
        tokio::spawn(async move {
            if let Err(error) = serve_socket(service, socket).await {
                eprintln!("{peer}: {error}");
            }
        });
    }
}
