//! An in-process transport: the way to test a server without a process.
//!
//! ```
//! use mcp_runtime::prelude::*;
//! use mcp_runtime::transport::memory;
//!
//! /// Add two numbers.
//! #[tool]
//! async fn add(a: i64, b: i64) -> i64 { a + b }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let (transport, mut client) = memory::channel();
//! tokio::spawn(Server::new("t").tools(tools![add]).serve(transport));
//! client.initialize().await;
//! let reply = client.request("tools/call", serde_json::json!({"name": "add", "arguments": {"a": 2, "b": 3}})).await;
//! assert_eq!(reply["result"]["structuredContent"]["result"], 5);
//! # }
//! ```

use std::sync::Arc;

use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::{BuiltServer, Connection, Transport};
use crate::protocol::Outbound;

/// The server side of an in-memory connection.
#[derive(Debug)]
pub struct MemoryTransport {
    incoming: mpsc::Receiver<Vec<u8>>,
    outgoing: mpsc::UnboundedSender<Vec<u8>>,
}

/// The client side: send raw frames or requests, receive parsed messages.
#[derive(Debug)]
pub struct RawClient {
    outgoing: mpsc::Sender<Vec<u8>>,
    incoming: mpsc::UnboundedReceiver<Vec<u8>>,
    next_id: i64,
}

/// A connected pair.
pub fn channel() -> (MemoryTransport, RawClient) {
    let (client_tx, server_rx) = mpsc::channel(64);
    let (server_tx, client_rx) = mpsc::unbounded_channel();
    (
        MemoryTransport { incoming: server_rx, outgoing: server_tx },
        RawClient { outgoing: client_tx, incoming: client_rx, next_id: 1 },
    )
}

struct ChannelOut(mpsc::UnboundedSender<Vec<u8>>);

impl Outbound for ChannelOut {
    fn send(&self, frame: Vec<u8>) {
        let _ = self.0.send(frame);
    }
}

impl Transport for MemoryTransport {
    async fn serve(mut self, service: BuiltServer) -> std::io::Result<()> {
        let connection = Connection::new(&service, Arc::new(ChannelOut(self.outgoing)));
        while let Some(frame) = self.incoming.recv().await {
            if frame.len() > connection.max_message_size() {
                connection.refuse_oversized();
                continue;
            }
            connection.feed(&frame).await;
        }
        connection.close().await;
        Ok(())
    }
}

impl RawClient {
    /// The raw channels: frames to the server, frames from it.
    #[cfg(feature = "client")]
    pub(crate) fn into_parts(self) -> (mpsc::Sender<Vec<u8>>, mpsc::UnboundedReceiver<Vec<u8>>) {
        (self.outgoing, self.incoming)
    }

    /// Sends one raw frame, exactly as given.
    pub async fn send_raw(&self, frame: impl Into<Vec<u8>>) {
        let _ = self.outgoing.send(frame.into()).await;
    }

    /// Sends a JSON message.
    pub async fn send(&self, message: &Value) {
        self.send_raw(message.to_string()).await;
    }

    /// The next message from the server, or `None` once it has closed.
    pub async fn recv(&mut self) -> Option<Value> {
        let frame = self.incoming.recv().await?;
        Some(serde_json::from_slice(&frame).unwrap_or_else(|e| json!({ "unparsable": e.to_string() })))
    }

    /// Sends a request with a fresh id and returns its response, skipping
    /// notifications that arrive first.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = json!(self.next_id);
        self.next_id += 1;
        self.request_with_id(id, method, params).await
    }

    /// Sends a request with the given id and returns its response.
    pub async fn request_with_id(&mut self, id: Value, method: &str, params: Value) -> Value {
        let request = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send(&request).await;
        while let Some(msg) = self.recv().await {
            let is_response = msg.get("result").is_some() || msg.get("error").is_some();
            if is_response && msg.get("id") == Some(&id) {
                return msg;
            }
        }
        json!({ "closed": true })
    }

    /// Sends a notification.
    pub async fn notify(&self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params })).await;
    }

    /// Performs the `initialize` handshake at the latest session revision.
    pub async fn initialize(&mut self) -> Value {
        self.initialize_with("2025-11-25").await
    }

    /// Performs the `initialize` handshake, asking for `version`.
    pub async fn initialize_with(&mut self, version: &str) -> Value {
        let params = json!({
            "protocolVersion": version,
            "capabilities": {},
            "clientInfo": { "name": "memory-client", "version": "0" }
        });
        let reply = self.request("initialize", params).await;
        self.notify("notifications/initialized", json!({})).await;
        reply
    }
}
