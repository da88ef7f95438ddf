//! The server: a builder that collects tools, and the sessions that serve them.

pub(crate) mod catalog;
mod client_features;
mod context;
mod dispatch;
mod handle;
mod input;
mod listen;
mod logging;
mod own_items;
mod prompts;
mod registry;
mod request_state;
mod resources;
mod run;
pub(crate) mod scope;
pub(crate) mod session;
mod trace_bridge;

use std::any::Any;
use std::sync::Arc;

use serde_json::{json, Value};

pub use client_features::KeyedInput;
pub use context::Context;
pub use handle::ServerHandle;
pub use logging::LogLevel;
pub use trace_bridge::ClientLogLayer;

use crate::handler::{IntoPrompts, IntoResources, IntoTools, PromptDef, ResourceItem, ToolDef};
use crate::protocol::{CallToolResult, Implementation, ProtocolVersion};
use registry::Registry;

/// Limits that protect a server from its clients.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub(crate) cache: CacheHint,
    pub(crate) page_size: usize,
    pub(crate) max_in_flight: usize,
    pub(crate) max_message_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { cache: CacheHint::default(), page_size: 100, max_in_flight: 64, max_message_bytes: 4 * 1024 * 1024 }
    }
}

/// How long, and for whom, clients may cache list results, reads and
/// `server/discover` (2026-07-28's `ttlMs` and `cacheScope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheHint {
    /// Milliseconds a result stays fresh; 0 means re-fetch every time.
    pub ttl_ms: u64,
    /// Who may share a cached result.
    pub scope: CacheScope,
}

/// Who may share a cached result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheScope {
    /// Any client or intermediary.
    Public,
    /// Only the same authorization context.
    Private,
}

impl Default for CacheHint {
    /// Nothing is cached, and nothing is shared: the safe choice.
    fn default() -> Self {
        CacheHint { ttl_ms: 0, scope: CacheScope::Private }
    }
}

/// An MCP server under construction.
///
/// ```no_run
/// use mcp_runtime::prelude::*;
///
/// /// Add two numbers together.
/// #[tool]
/// async fn add_numbers(a: i64, b: i64) -> i64 {
///     a + b
/// }
///
/// fn main() -> std::process::ExitCode {
///     Server::new("SimpleServer").version("1.0.0").tools(tools![add_numbers]).run()
/// }
/// ```
#[derive(Debug)]
pub struct Server {
    registry: Arc<Registry>,
    info: Implementation,
    instructions: Option<String>,
    tools: Vec<ToolDef>,
    resources: Vec<ResourceItem>,
    prompts: Vec<PromptDef>,
    limits: Limits,
}

impl Server {
    /// A server named `name`, as clients will see it in `serverInfo`.
    ///
    /// The version defaults to `0.0.0`; set yours with [`Server::version`],
    /// usually `env!("CARGO_PKG_VERSION")`.
    pub fn new(name: impl Into<String>) -> Self {
        let info = Implementation { name: name.into(), version: "0.0.0".into(), title: None };
        let limits = Limits::default();
        let registry = Registry::new(limits.page_size);
        Server {
            registry,
            info,
            instructions: None,
            tools: Vec::new(),
            resources: Vec::new(),
            prompts: Vec::new(),
            limits,
        }
    }

    /// The server's version, shown in `serverInfo` and by `--version`.
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.info.version = version.into();
        self
    }

    /// A human-readable title for `serverInfo`.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.info.title = Some(title.into());
        self
    }

    /// Instructions for the model, sent in the `initialize` result.
    pub fn instructions(mut self, instructions: impl Into<String>) -> Self {
        self.instructions = Some(instructions.into());
        self
    }

    /// Adds tools: `tools![a, b]`, or a value whose type has a `#[toolbox]` impl.
    pub fn tools(mut self, tools: impl IntoTools) -> Self {
        self.tools.extend(tools.into_tools());
        self
    }

    /// Adds resources and resource templates: `resources![a, b]`.
    pub fn resources(mut self, resources: impl IntoResources) -> Self {
        self.resources.extend(resources.into_resources());
        self
    }

    /// Adds prompts: `prompts![a, b]`.
    pub fn prompts(mut self, prompts: impl IntoPrompts) -> Self {
        self.prompts.extend(prompts.into_prompts());
        self
    }

    /// The cache hint sent with cacheable 2026-07-28 results (default: 0 ms, private).
    pub fn cache_hint(mut self, ttl_ms: u64, scope: CacheScope) -> Self {
        self.limits.cache = CacheHint { ttl_ms, scope };
        self
    }

    /// How many items one list page holds (default 100).
    pub fn page_size(mut self, size: usize) -> Self {
        self.limits.page_size = size.max(1);
        self
    }

    /// How many requests one session runs at once (default 64). When all are
    /// busy, the transport stops reading until one finishes.
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.limits.max_in_flight = requests.max(1);
        self
    }

    /// The largest message accepted, in bytes (default 4 MiB). A larger one
    /// is answered with `-32600` and skipped.
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.limits.max_message_bytes = bytes.max(64);
        self
    }

    /// A handle for changing the server's tools (and, with them, telling
    /// connected clients) before or while it serves.
    pub fn handle(&self) -> ServerHandle {
        ServerHandle::new(Arc::clone(&self.registry))
    }

    /// The server's name, version, instructions and tools, as `--inspect` prints them.
    pub fn manifest(&self) -> Value {
        json!({
            "name": self.info.name,
            "version": self.info.version,
            "title": self.info.title,
            "instructions": self.instructions,
            "tools": self.tools.iter().map(ToolDef::tool).collect::<Vec<_>>(),
            "resources": self.resources.iter().filter_map(|r| match r {
                ResourceItem::Static(d) => Some(&d.resource),
                ResourceItem::Template(_) => None,
            }).collect::<Vec<_>>(),
            "resourceTemplates": self.resources.iter().filter_map(|r| match r {
                ResourceItem::Template(t) => Some(&t.template),
                ResourceItem::Static(_) => None,
            }).collect::<Vec<_>>(),
            "prompts": self.prompts.iter().map(|p| &p.prompt).collect::<Vec<_>>(),
        })
    }

    pub(crate) fn into_core(self) -> Result<Arc<ServerCore>, String> {
        let registry = self.registry;
        let page = self.limits.page_size;
        registry.tools.install(merged(registry.tools.load().items(), self.tools), page)?;
        let (fixed, templates): (Vec<_>, Vec<_>) =
            self.resources.into_iter().partition(|r| matches!(r, ResourceItem::Static(_)));
        let fixed = fixed.into_iter().filter_map(|r| if let ResourceItem::Static(d) = r { Some(d) } else { None });
        let templates =
            templates.into_iter().filter_map(|r| if let ResourceItem::Template(t) = r { Some(t) } else { None });
        registry.resources.install(merged(registry.resources.load().items(), fixed), page)?;
        registry.templates.install(merged(registry.templates.load().items(), templates), page)?;
        registry.prompts.install(merged(registry.prompts.load().items(), self.prompts), page)?;
        let state_key = request_state::StateKey::random();
        Ok(Arc::new(ServerCore {
            info: self.info,
            instructions: self.instructions,
            registry,
            limits: self.limits,
            state_key,
        }))
    }
}

/// What every session of a server shares.
pub(crate) struct ServerCore {
    pub(crate) info: Implementation,
    pub(crate) instructions: Option<String>,
    pub(crate) registry: Arc<Registry>,
    pub(crate) limits: Limits,
    pub(crate) state_key: request_state::StateKey,
}

impl ServerCore {
    fn capabilities(&self) -> Value {
        let registry = &self.registry;
        let mut caps = json!({ "logging": {} });
        if !registry.tools.load().is_empty() {
            caps["tools"] = json!({ "listChanged": true });
        }
        if !registry.resources.load().is_empty() || !registry.templates.load().is_empty() {
            caps["resources"] = json!({ "subscribe": true, "listChanged": true });
        }
        if !registry.prompts.load().is_empty() {
            caps["prompts"] = json!({ "listChanged": true });
        }
        if registry.has_completions() {
            caps["completions"] = json!({});
        }
        caps
    }

    /// The `server/discover` result (before [`ServerCore::finish_stateless`]).
    pub(crate) fn discover_result(&self) -> Value {
        let versions: Vec<&str> = ProtocolVersion::ALL.iter().map(|v| v.as_str()).collect();
        let mut result = json!({ "supportedVersions": versions, "capabilities": self.capabilities() });
        if let Some(instructions) = &self.instructions {
            result["instructions"] = json!(instructions);
        }
        result
    }

    /// Adds what every 2026-07-28 result carries: `resultType`, the server's
    /// info in `_meta`, and cache hints on cacheable results.
    pub(in crate::server) fn finish_stateless(&self, reply: dispatch::Reply, method: &str) -> Value {
        let mut object = reply.into_object();
        object.entry("resultType").or_insert_with(|| json!("complete"));
        let meta = object.entry("_meta").or_insert_with(|| json!({}));
        if let Value::Object(meta) = meta {
            meta.insert("io.modelcontextprotocol/serverInfo".into(), json!(self.info));
        }
        if is_cacheable(method) {
            // An item's own hint (set by the method) wins over the server's.
            object.entry("ttlMs").or_insert_with(|| json!(self.limits.cache.ttl_ms));
            object.entry("cacheScope").or_insert_with(|| json!(self.limits.cache.scope));
        }
        Value::Object(object)
    }

    pub(crate) fn initialize_result(&self, version: ProtocolVersion) -> Value {
        let mut result = json!({
            "protocolVersion": version.as_str(),
            "capabilities": self.capabilities(),
            "serverInfo": self.info,
        });
        if let Some(instructions) = &self.instructions {
            result["instructions"] = json!(instructions);
        }
        result
    }
}

/// Results that 2026-07-28 marks as cacheable (`ttlMs`, `cacheScope`).
fn is_cacheable(method: &str) -> bool {
    matches!(
        method,
        "server/discover"
            | "tools/list"
            | "resources/list"
            | "resources/templates/list"
            | "prompts/list"
            | "resources/read"
    )
}

/// The items already registered (through a handle) followed by new ones.
fn merged<T: Clone>(existing: &[T], new: impl IntoIterator<Item = T>) -> Vec<T> {
    existing.iter().cloned().chain(new).collect()
}

/// The `isError` result for a tool that panicked.
pub(crate) fn panic_result(payload: Box<dyn Any + Send>) -> CallToolResult {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    tracing::error!("a tool panicked: {detail}");
    CallToolResult::error(format!("The tool failed unexpectedly (it panicked: {detail})"))
}
