//! [`Client`]: a connected, initialized client.

use std::sync::Arc;
use std::time::Duration;

use super::attached::Attached;
use super::server_link::{ServerLink, ServerNotification};
use super::subscription::Listening;
use crate::protocol::{Implementation, ProtocolVersion, ServerCapabilities};

/// A connected, initialized client.
///
/// Its methods live by concern: connecting in `client/connect.rs` (stdio,
/// Streamable HTTP, legacy SSE, WebSocket, a URL of any kind) and
/// `in_memory.rs`; the handshake in `client/lifecycle.rs`; the typed calls
/// (tools, resources, prompts, completion, logging) in `client/methods.rs`;
/// `subscriptions/listen` in `client/listen.rs`; and what it learned from
/// the handshake, here.
pub struct Client {
    pub(super) conn: Arc<ServerLink>,
    pub(super) timeout: Duration,
    pub(super) server_info: Implementation,
    pub(super) capabilities: ServerCapabilities,
    pub(super) version: ProtocolVersion,
    pub(super) attached: Option<Attached>,
    /// `subscriptions/listen` streams opened by [`Client::subscribe`].
    pub(super) listens: std::sync::Mutex<Vec<Listening>>,
}

impl Client {
    /// The server's name and version.
    pub fn server_info(&self) -> &Implementation {
        &self.server_info
    }

    /// The server's declared capabilities.
    pub fn capabilities(&self) -> &ServerCapabilities {
        &self.capabilities
    }

    /// The negotiated protocol revision.
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.version
    }

    /// The name this client gives the server in errors.
    pub fn server_name(&self) -> &str {
        &self.conn.server
    }

    /// The server's notifications (logs, progress, list changes, updates).
    pub fn notifications(&self) -> tokio::sync::broadcast::Receiver<ServerNotification> {
        self.conn.subscribe()
    }

    /// Closes the connection; a child process gets EOF, then SIGTERM, then
    /// SIGKILL; an HTTP session is ended with a DELETE.
    pub async fn close(mut self) {
        if let Some(attached) = self.attached.take() {
            drop(self.conn);
            attached.shut_down().await;
        }
    }
}
