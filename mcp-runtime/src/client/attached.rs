//! What a client's connection owns besides its messages: a child process,
//! or the tasks of an HTTP or WebSocket connection.

use std::time::Duration;

use tokio::process::{Child, Command};

#[cfg(feature = "client-http")]
use super::http::Tasks;

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
    pub(super) async fn shut_down(self) {
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
