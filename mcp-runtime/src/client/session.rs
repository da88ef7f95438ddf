//! [`Client`]: a connected, initialized client, and what its connection
//! owns besides its messages (a child process, or the tasks of an HTTP
//! connection).

use std::sync::Arc;
use std::time::Duration;

use tokio::process::{Child, Command};

use super::connection::{Connection, ServerNotification};
#[cfg(feature = "client-http")]
use super::http::Tasks;
use super::subscription::Listening;
use crate::protocol::{Implementation, ProtocolVersion, ServerCapabilities};

/// A connected, initialized client.
pub struct Client {
    pub(super) conn: Arc<Connection>,
    pub(super) timeout: Duration,
    pub(super) server_info: Implementation,
    pub(super) capabilities: ServerCapabilities,
    pub(super) version: ProtocolVersion,
    pub(super) attached: Option<Attached>,
    /// `subscriptions/listen` streams opened by [`Client::subscribe`].
    pub(super) listens: std::sync::Mutex<Vec<Listening>>,
}

/// What a connection owns besides its messages: a child process, or the
/// tasks of an HTTP connection.
pub(crate) enum Attached {
    Child(ChildProcess),
    #[cfg(feature = "client-http")]
    Http(Tasks),
    #[cfg(feature = "client-websocket")]
    WebSocket(super::websocket::Socket),
}

impl Attached {
    async fn shut_down(self) {
        match self {
            Attached::Child(child) => child.shut_down().await,
            #[cfg(feature = "client-http")]
            Attached::Http(tasks) => tasks.shut_down().await,
            #[cfg(feature = "client-websocket")]
            Attached::WebSocket(socket) => socket.shut_down().await,
        }
    }
}

/// A running server process.
pub(crate) struct ChildProcess {
    pub(super) child: Child,
    pub(super) stdin_writer: tokio::task::JoinHandle<()>,
}

impl ChildProcess {
    /// Ends stdin, waits; then SIGTERM, waits; then kills.
    pub(crate) async fn shut_down(mut self) {
        self.stdin_writer.abort();
        if tokio::time::timeout(Duration::from_secs(2), self.child.wait()).await.is_ok() {
            return;
        }
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill").args(["-TERM", &pid.to_string()]).status().await;
            if tokio::time::timeout(Duration::from_secs(2), self.child.wait()).await.is_ok() {
                return;
            }
        }
        let _ = self.child.kill().await;
    }
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
