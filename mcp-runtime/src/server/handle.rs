//! [`ServerHandle`]: change what a running server offers, and tell its
//! clients.

use std::sync::Arc;

use super::registry::Registry;
use super::session::Phase;
use crate::handler::IntoTools;
use crate::protocol::jsonrpc::encode_notification;

/// A cheap, cloneable handle to a server's registry, usable before and
/// while it serves: from `Server::handle`, or `Context::server` in a tool.
///
/// Every change is announced to the connected clients with the matching
/// `notifications/*/list_changed`.
///
/// ```
/// use mcp_runtime::prelude::*;
///
/// /// Say hello.
/// #[tool]
/// fn hello() -> String { "hello".into() }
///
/// let server = Server::new("dynamic");
/// let handle = server.handle();
/// handle.add_tools(tools![hello]);
/// assert!(handle.remove_tool("hello"));
/// ```
#[derive(Clone)]
pub struct ServerHandle {
    registry: Arc<Registry>,
}

impl ServerHandle {
    pub(crate) fn new(registry: Arc<Registry>) -> Self {
        ServerHandle { registry }
    }

    /// Adds tools, replacing any with the same name.
    pub fn add_tools(&self, tools: impl IntoTools) {
        for tool in tools.into_tools() {
            self.registry.tools.upsert(tool);
        }
        self.broadcast("notifications/tools/list_changed");
    }

    /// Removes a tool; returns whether it existed.
    pub fn remove_tool(&self, name: &str) -> bool {
        let removed = self.registry.tools.remove(name);
        if removed {
            self.broadcast("notifications/tools/list_changed");
        }
        removed
    }

    /// Sends a parameterless notification to every initialized session.
    pub(crate) fn broadcast(&self, method: &str) {
        let frame = encode_notification(method, &serde_json::json!({}));
        for session in self.registry.sessions() {
            if session.phase() == Phase::Initialized {
                session.send(frame.clone());
            }
        }
    }
}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle").finish_non_exhaustive()
    }
}
