//! Transports: how JSON-RPC frames reach a server and leave it.
//!
//! - [`Stdio`]: newline-delimited JSON on stdin/stdout, read on a dedicated
//!   thread and written by one batching writer.
//! - [`memory`]: an in-process pair of channels, for tests.

#[cfg(feature = "http")]
pub mod http;
pub mod memory;
mod stdio;

use std::future::Future;
use std::sync::Arc;

pub use stdio::Stdio;

use crate::server::core::ServerCore;

/// A built server, ready to be served by a transport.
pub struct Service {
    pub(crate) core: Arc<ServerCore>,
}

impl Service {
    pub(crate) fn new(core: Arc<ServerCore>) -> Self {
        Service { core }
    }
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service").field("name", &self.core.info.name).finish_non_exhaustive()
    }
}

/// Something a [`Server`](crate::Server) can be served over.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an MCP transport",
    note = "use `mcp_runtime::transport::Stdio::new()` or `mcp_runtime::transport::memory::channel()`"
)]
pub trait Transport: Send + 'static {
    /// Serves one connection until the peer closes it and in-flight calls finish.
    fn serve(self, service: Service) -> impl Future<Output = std::io::Result<()>> + Send;
}
