//! [`BuiltServer`], a built server ready for transports, and the [`Transport`]
//! trait.

use std::future::Future;
use std::sync::Arc;

use crate::server::core::ServerCore;
use crate::server::{BuildError, Server};

/// A built server, ready to be served by transports.
#[derive(Clone)]
pub struct BuiltServer {
    pub(crate) core: Arc<ServerCore>,
}

impl BuiltServer {
    /// Builds `server`; fails when it is inconsistent (two tools with one
    /// name, a handler asking for state nobody registered).
    pub fn new(server: Server) -> Result<Self, BuildError> {
        server.into_core().map(|core| BuiltServer { core })
    }
}

impl std::fmt::Debug for BuiltServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuiltServer").field("name", &self.core.info.name).finish_non_exhaustive()
    }
}

/// Something a [`Server`] can be served over.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an MCP transport",
    note = "use `mcp_runtime::transport::Stdio::new()` or `mcp_runtime::transport::memory::channel()`, or implement `Transport` over `mcp_runtime::transport::Connection`"
)]
pub trait Transport: Send + 'static {
    /// Serves one connection until the peer closes it and in-flight calls finish.
    fn serve(self, service: BuiltServer) -> impl Future<Output = std::io::Result<()>> + Send;
}
