//! [`Server`]: the builder users start from.

use std::sync::Arc;

use serde_json::{json, Value};

use super::core::{Limits, ServerCore};
use super::error::BuildError;
use super::handle::ServerHandle;
use super::method_service::MethodTable;
use super::middleware::{Layers, MiddlewareLayer, Stack};
use super::registry::Registry;
use super::request_state;
use super::requirements::{check_state, check_unique};
use super::stateless::StatelessMembers;
use crate::handler::{
    Extensions, IntoHandlers, IntoPrompts, IntoResources, IntoTools, PromptDef, ResourceDef, SharedValue,
    StaticResourceDef, TemplateDef, ToolDef,
};
use crate::protocol::{CacheHint, CacheScope, Implementation};

/// An MCP server under construction.
///
/// The builder's methods are here. Serving it lives in `run/`: `run()`,
/// `serve_stdio` and the other one-call entry points in `run/mod.rs`, and
/// the HTTP ones (`serve_http`, `router`) in `run/http.rs`.
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
    resources: Vec<ResourceDef>,
    prompts: Vec<PromptDef>,
    limits: Limits,
    state: Extensions,
    layers: Layers,
    /// The secret `requestState` is sealed with, shared by instances.
    state_secret: Option<Vec<u8>>,
    /// The skills directory, read (or why it cannot be served).
    #[cfg(feature = "skills")]
    skills: Option<Result<Arc<super::skills::Catalog>, String>>,
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
            state: Extensions::new(),
            layers: Layers::default(),
            state_secret: None,
            #[cfg(feature = "skills")]
            skills: None,
        }
    }

    /// The name and version clients see.
    pub(crate) fn info(&self) -> &Implementation {
        &self.info
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

    /// Seals 2026-07-28 `requestState` with a key derived from `secret`
    /// (at least 32 bytes) instead of one random per process, so that
    /// instances behind a load balancer that share the secret can each
    /// take any round of an `input_required` exchange. `run()` reads it
    /// from `--request-state-key` or `MCP_REQUEST_STATE_KEY`.
    ///
    /// Without it, instances that share a Redis store (`--redis`) seal
    /// with a secret they keep in Redis, so the store alone is enough
    /// (see `Server::serve_http_on`); only instances that share no store
    /// need this key.
    ///
    /// Each instance accepts a state once; without a shared store, a state
    /// may be replayed once on each other instance within its ten minutes.
    ///
    /// ```
    /// # use mcp_runtime::prelude::*;
    /// let server = Server::new("scaled").request_state_key("a secret every instance shares, 32+ bytes");
    /// assert!(server.check().is_ok());
    /// ```
    pub fn request_state_key(mut self, secret: impl AsRef<[u8]>) -> Self {
        self.state_secret = Some(secret.as_ref().to_vec());
        self
    }

    /// Whether [`Server::request_state_key`] was given.
    #[cfg(feature = "server-http")]
    pub(crate) fn has_request_state_key(&self) -> bool {
        self.state_secret.is_some()
    }

    /// Instructions for the model, sent in the `initialize` result.
    pub fn instructions(mut self, instructions: impl Into<String>) -> Self {
        self.instructions = Some(instructions.into());
        self
    }

    /// Adds tools: `tools![a, b]`.
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

    /// Adds the tools, resources, prompts and completers of a value whose
    /// type has a `#[handlers]` impl block (or of an `Arc` of it, to keep a
    /// handle). Its methods take `&self`; the value lives as long as the server.
    pub fn handlers(mut self, value: impl IntoHandlers) -> Self {
        let set = value.into_handlers();
        self.tools.extend(set.tools);
        self.resources.extend(set.resources);
        self.prompts.extend(set.prompts);
        self
    }

    /// Registers a value that handlers reach with the `State<T>` extractor.
    /// Several values may be registered, one per type; registering a second
    /// value of a type replaces the first.
    ///
    /// A handler that asks for a type nobody registered is reported when the
    /// server is built (`run`, `serve`, `--inspect`), not on its first call.
    pub fn state<T: SharedValue>(mut self, value: T) -> Self {
        self.state.insert(value);
        self
    }

    /// Wraps every request in a tower layer (see [`middleware`](crate::server::middleware)).
    /// Each layer wraps the ones added before it: the last one added runs first.
    pub fn layer(mut self, layer: impl MiddlewareLayer) -> Self {
        self.layers.push(layer);
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

    /// How many requests one connection runs at once (default 64, at most
    /// 65,536). More wait for a slot in a queue of 64 KiB per slot (at least
    /// the message size limit), where a request counts its params plus
    /// 1 KiB; beyond that the transport stops reading until one finishes.
    /// Cancellations, `ping` and the client's answers to the server's own
    /// requests never wait for a slot, but they do wait behind a full
    /// queue: a client that keeps more requests outstanding than the queue
    /// holds, while the running ones wait for its answers (sampling,
    /// elicitation), stalls itself. A 2025-03-26
    /// batch, whose requests run side by side in one slot, holds at most this
    /// many messages.
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.limits.max_in_flight = requests.clamp(1, 1 << 16);
        self
    }

    /// The most resource subscriptions one session keeps (default 1,000),
    /// and the longest URI a client may read, subscribe to or unsubscribe
    /// from (default 4,096 bytes). Each subscription must name a resource or
    /// match a template.
    pub fn max_subscriptions(mut self, subscriptions: usize, uri_bytes: usize) -> Self {
        self.limits.max_subscriptions = subscriptions;
        self.limits.max_uri_bytes = uri_bytes;
        self
    }

    /// Whether a handler's panic message reaches the client (default: no).
    /// A panic is always logged with its message; the client is told only
    /// that the handler failed, since a message may name paths, keys or
    /// other internals. Turn it on for development.
    pub fn show_panic_details(mut self, show: bool) -> Self {
        self.limits.show_panic_details = show;
        self
    }

    /// The largest message accepted, in bytes (default 4 MiB). A larger one
    /// is answered with `-32600` and skipped.
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.limits.max_message_bytes = bytes.max(64);
        self
    }

    /// Serves the Agent Skills under `dir` (feature `skills`): each
    /// directory below it that holds a `SKILL.md` (YAML front matter with
    /// `name`, the directory's name, and `description`) is a skill. Every
    /// file is a `skill://<path>` resource, and `skills/list`, `skills/get`
    /// and `resources/directory/read` serve the manifests, with SHA-256
    /// digests and sizes.
    ///
    /// The directory is read once, here: a name that breaks the rules, a
    /// missing field, a symbolic link or a skill over 512 files or 16 MiB
    /// makes building the server fail, naming the file. A change on disk is
    /// served after a restart: the extension has no notification for a
    /// changed catalog, and a client holding a manifest finds a changed file
    /// by its digest.
    ///
    /// ```no_run
    /// # use mcp_runtime::prelude::*;
    /// Server::new("skilled").skills_dir("skills").run();
    /// ```
    #[cfg(feature = "skills")]
    pub fn skills_dir(mut self, dir: impl AsRef<std::path::Path>) -> Self {
        let dir = dir.as_ref();
        let origin = format!("skills_dir({})", dir.display());
        self.skills = Some(super::skills::load(dir, &origin).map(|(catalog, files)| {
            self.resources.extend(files.into_iter().map(ResourceDef::Static));
            catalog
        }));
        self
    }

    /// How long a task (the Tasks extension) is kept after its creation,
    /// result included (default one hour), and the poll interval its
    /// client is given (default 500 ms).
    pub fn task_ttl(mut self, ttl: std::time::Duration, poll_interval: std::time::Duration) -> Self {
        self.limits.tasks.ttl = ttl.max(std::time::Duration::from_millis(1));
        self.limits.tasks.poll = poll_interval.max(std::time::Duration::from_millis(1));
        self
    }

    /// The most tasks one caller keeps (default 256): the token's subject
    /// when the server authorizes requests, else the peer's address. A new
    /// task past it drops the caller's oldest finished one; when every one
    /// still runs, the call is refused with `-32600`.
    pub fn max_tasks_per_caller(mut self, tasks: usize) -> Self {
        self.limits.tasks.max_per_caller = tasks.max(1);
        self
    }

    /// A handle for changing the server's tools (and, with them, telling
    /// connected clients) before or while it serves.
    pub fn handle(&self) -> ServerHandle {
        ServerHandle::new(Arc::clone(&self.registry))
    }

    /// The server's name, version, instructions, tools, resources, prompts
    /// and skills, as `--inspect` prints them.
    pub fn manifest(&self) -> Value {
        #[cfg_attr(not(feature = "skills"), allow(unused_mut))]
        let mut manifest = self.items_manifest();
        #[cfg(feature = "skills")]
        if let Some(Ok(catalog)) = &self.skills {
            manifest["skills"] = catalog.skills.iter().map(|s| s.entry()).collect();
        }
        manifest
    }

    fn items_manifest(&self) -> Value {
        json!({
            "name": self.info.name,
            "version": self.info.version,
            "title": self.info.title,
            "instructions": self.instructions,
            "tools": self.tools.iter().map(ToolDef::tool).collect::<Vec<_>>(),
            "resources": self.resources.iter().filter_map(|r| match r {
                ResourceDef::Static(d) => Some(&d.resource),
                ResourceDef::Template(_) => None,
            }).collect::<Vec<_>>(),
            "resourceTemplates": self.resources.iter().filter_map(|r| match r {
                ResourceDef::Template(t) => Some(&t.template),
                ResourceDef::Static(_) => None,
            }).collect::<Vec<_>>(),
            "prompts": self.prompts.iter().map(|p| &p.prompt).collect::<Vec<_>>(),
        })
    }

    /// Checks the server as building it would: no two tools, resources
    /// or prompts share a name or URI, and every handler finds the state it
    /// extracts. `run()` and `--inspect` report a failure before serving.
    pub fn check(&self) -> Result<(), BuildError> {
        #[cfg(feature = "skills")]
        if let Some(Err(why)) = &self.skills {
            return Err(BuildError::Skills(why.clone()));
        }
        self.items().check(&self.state)?;
        self.state_key().map(drop)
    }

    /// The `requestState` key: from the shared secret, else random.
    fn state_key(&self) -> Result<request_state::StateKey, BuildError> {
        match &self.state_secret {
            None => Ok(request_state::StateKey::random()),
            Some(secret) if secret.len() < request_state::MIN_SECRET_BYTES => {
                Err(BuildError::RequestStateKey { length: secret.len() })
            }
            Some(secret) => Ok(request_state::StateKey::from_secret(secret)),
        }
    }

    /// Everything registered, through a handle first and then here.
    fn items(&self) -> Items {
        let registry = &self.registry;
        let mut items = Items {
            tools: merged(registry.tools.load().items(), self.tools.iter().cloned()),
            resources: registry.resources.load().items().to_vec(),
            templates: registry.templates.load().items().to_vec(),
            prompts: merged(registry.prompts.load().items(), self.prompts.iter().cloned()),
        };
        for item in &self.resources {
            match item {
                ResourceDef::Static(def) => items.resources.push(def.clone()),
                ResourceDef::Template(def) => items.templates.push(def.clone()),
            }
        }
        items
    }

    pub(crate) fn into_core(self) -> Result<Arc<ServerCore>, BuildError> {
        #[cfg(feature = "skills")]
        let skills = self.skills.clone().transpose().map_err(BuildError::Skills)?;
        let items = self.items();
        items.check(&self.state)?;
        let state_key = self.state_key()?;
        let registry = self.registry;
        let page = self.limits.page_size;
        registry.tools.install(items.tools, page)?;
        registry.resources.install(items.resources, page)?;
        registry.templates.install(items.templates, page)?;
        registry.prompts.install(items.prompts, page)?;
        let mut state = self.state;
        let handle = ServerHandle::new(Arc::clone(&registry));
        state.insert(Arc::new(handle.clone()) as crate::handler::own_server::OwnServerRef);
        state.insert(handle);
        let state = Arc::new(state);
        registry.seal(Arc::clone(&state));
        let layers = self.layers;
        let stateless = StatelessMembers::new(&self.info, self.limits.cache);
        Ok(Arc::new_cyclic(|core| ServerCore {
            stateless,
            info: self.info,
            instructions: self.instructions,
            registry,
            tasks: Arc::new(super::tasks::state::Tasks::new(self.limits.tasks.clone())),
            #[cfg(feature = "skills")]
            skills,
            limits: self.limits,
            state_key,
            state,
            stack: (!layers.is_empty()).then(|| layers.build(Stack::new(MethodTable { core: core.clone() }))),
            closing: tokio_util::sync::CancellationToken::new(),
        }))
    }
}

/// Every item of a server, by kind.
struct Items {
    tools: Vec<ToolDef>,
    resources: Vec<StaticResourceDef>,
    templates: Vec<TemplateDef>,
    prompts: Vec<PromptDef>,
}

impl Items {
    fn check(&self, state: &Extensions) -> Result<(), BuildError> {
        check_unique("tools", self.tools.iter().map(|t| (t.tool.name.as_str(), t.origin.as_str())))?;
        check_unique("resources", self.resources.iter().map(|r| (r.resource.uri.as_str(), r.origin.as_str())))?;
        let templates = self.templates.iter().map(|t| (t.template.uri_template.as_str(), t.origin.as_str()));
        check_unique("resourceTemplates", templates)?;
        check_unique("prompts", self.prompts.iter().map(|p| (p.prompt.name.as_str(), p.origin.as_str())))?;
        let provided = provided(state);
        check_state(&self.tools, &provided)?;
        check_state(&self.resources, &provided)?;
        check_state(&self.templates, &provided)?;
        check_state(&self.prompts, &provided)
    }
}

/// The items already registered (through a handle) followed by new ones.
fn merged<T: Clone>(existing: &[T], new: impl IntoIterator<Item = T>) -> Vec<T> {
    existing.iter().cloned().chain(new).collect()
}

/// Whether a state map, with the handle every built server provides, holds a type.
fn provided(state: &Extensions) -> impl Fn(std::any::TypeId) -> bool + '_ {
    move |id| state.contains_id(id) || id == std::any::TypeId::of::<ServerHandle>()
}
