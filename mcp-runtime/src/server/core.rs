//! [`ServerCore`]: what every connection of a built server shares.

use std::sync::Arc;

use serde_json::{json, Value};

use super::middleware::Stack;
use super::registry::Registry;
use super::request_state;
use super::stateless::StatelessMembers;
use crate::handler::Extensions;
use crate::protocol::{
    CacheHint, DiscoverResult, Empty, Implementation, InitializeResult, ListChanged, ProtocolVersion,
    ResourcesCapability, ServerCapabilities,
};

/// Limits that protect a server from its clients.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub(crate) cache: CacheHint,
    pub(crate) page_size: usize,
    pub(crate) max_in_flight: usize,
    pub(crate) max_message_bytes: usize,
    /// The longest URI a client may read or subscribe to.
    pub(crate) max_uri_bytes: usize,
    /// The most resource subscriptions one session (or listen stream) keeps.
    pub(crate) max_subscriptions: usize,
    /// Whether a panic's message reaches the client (else only the log).
    pub(crate) show_panic_details: bool,
    /// How long tasks are kept, and how many per caller.
    pub(crate) tasks: super::tasks::state::TaskLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            cache: CacheHint::default(),
            page_size: 100,
            max_in_flight: 64,
            max_message_bytes: crate::protocol::DEFAULT_MAX_MESSAGE_BYTES,
            max_uri_bytes: 4096,
            max_subscriptions: 1000,
            show_panic_details: false,
            tasks: super::tasks::state::TaskLimits::default(),
        }
    }
}

/// What every session of a server shares.
///
/// Built and read here; its request path (`answer`, dispatch to the method
/// table) is in `server/dispatch.rs`, and the item-scope check in
/// `server/item_scopes.rs`.
pub(crate) struct ServerCore {
    pub(crate) info: Implementation,
    pub(crate) instructions: Option<String>,
    pub(crate) registry: Arc<Registry>,
    pub(crate) limits: Limits,
    pub(crate) state_key: request_state::StateKey,
    /// The values registered with `Server::state`, and the server's handle.
    pub(crate) state: Arc<Extensions>,
    /// The middleware around the method table; `None` without layers.
    pub(crate) stack: Option<Stack>,
    /// What every 2026-07-28 result carries, serialized once.
    pub(crate) stateless: StatelessMembers,
    /// The tasks of this server (the Tasks extension).
    pub(crate) tasks: Arc<super::tasks::state::Tasks>,
    /// The skills served (the Skills extension), if any.
    #[cfg(feature = "skills")]
    pub(crate) skills: Option<Arc<super::skills::Catalog>>,
    /// Cancelled when the server shuts down: standing requests
    /// (`subscriptions/listen`) end, so that only calls hold it up.
    pub(crate) closing: tokio_util::sync::CancellationToken,
}

impl ServerCore {
    fn capabilities(&self) -> ServerCapabilities {
        let registry = &self.registry;
        let has_resources = !registry.resources.load().is_empty() || !registry.templates.load().is_empty();
        let mut caps = ServerCapabilities { logging: Some(Empty {}), ..ServerCapabilities::default() };
        caps.tools = (!registry.tools.load().is_empty()).then(ListChanged::announced);
        caps.resources = has_resources.then_some(ResourcesCapability { subscribe: true, list_changed: true });
        caps.prompts = (!registry.prompts.load().is_empty()).then(ListChanged::announced);
        caps.completions = registry.has_completions().then_some(Empty {});
        #[cfg(feature = "skills")]
        if self.skills.is_some() {
            let skills = json!({ super::skills::SKILLS_EXTENSION: { "directoryRead": true } });
            caps.other.insert("extensions".into(), skills);
        }
        caps
    }

    /// The `server/discover` capabilities: those of `initialize`, plus the
    /// extensions of 2026-07-28.
    fn discover_capabilities(&self) -> ServerCapabilities {
        let mut caps = self.capabilities();
        let tasks = self.registry.tools.load().items().iter().any(|t| t.task != crate::handler::TaskSupport::Forbidden);
        if tasks {
            let extensions = caps.other.entry("extensions").or_insert_with(|| json!({}));
            extensions[crate::protocol::TASKS_EXTENSION] = json!({});
        }
        caps
    }

    /// The `server/discover` result (before [`ServerCore::finish_stateless`]).
    pub(crate) fn discover_result(&self) -> Value {
        let supported_versions = ProtocolVersion::ALL.iter().map(|v| v.as_str().to_owned()).collect();
        let result = DiscoverResult {
            supported_versions,
            capabilities: self.discover_capabilities(),
            instructions: self.instructions.clone(),
        };
        serde_json::to_value(result).unwrap_or_else(|_| json!({}))
    }

    pub(crate) fn initialize_result(&self, version: ProtocolVersion) -> Value {
        let result = InitializeResult {
            protocol_version: version.as_str().to_owned(),
            capabilities: self.capabilities(),
            server_info: self.info.clone(),
            instructions: self.instructions.clone(),
        };
        serde_json::to_value(result).unwrap_or_else(|_| json!({}))
    }
}
