//! [`ServerHandle`]: change what a running server offers, and tell its
//! clients.

use std::sync::Arc;

use super::error::BuildError;
use super::registry::Registry;
use crate::handler::{Context, FromContext, IntoPrompts, IntoResources, IntoTools, ResourceDef};
use crate::protocol::method::Notice;
use crate::protocol::ErrorObject;

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
/// handle.add_tools(tools![hello]).expect("hello needs no state");
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

    pub(crate) fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    /// Adds tools, replacing any with the same name. Once the server is
    /// built, a tool whose extractors need state nobody registered is
    /// refused, and nothing is added.
    pub fn add_tools(&self, tools: impl IntoTools) -> Result<(), BuildError> {
        let tools = tools.into_tools();
        tools.iter().try_for_each(|tool| self.registry.check(tool))?;
        for tool in tools {
            self.registry.tools.upsert(tool);
        }
        self.broadcast(Notice::ToolsListChanged);
        Ok(())
    }

    /// Removes a tool; returns whether it existed.
    pub fn remove_tool(&self, name: &str) -> bool {
        let removed = self.registry.tools.remove(name);
        if removed {
            self.broadcast(Notice::ToolsListChanged);
        }
        removed
    }

    /// Adds resources and templates, replacing any with the same URI.
    /// Refused, like [`ServerHandle::add_tools`], when state is missing.
    pub fn add_resources(&self, resources: impl IntoResources) -> Result<(), BuildError> {
        let items = resources.into_resources();
        for item in &items {
            match item {
                ResourceDef::Static(def) => self.registry.check(def)?,
                ResourceDef::Template(def) => self.registry.check(def)?,
            }
        }
        for item in items {
            self.registry.upsert_resource(item);
        }
        self.broadcast(Notice::ResourcesListChanged);
        Ok(())
    }

    /// Removes a resource (by URI) or a template (by its template string).
    pub fn remove_resource(&self, uri_or_template: &str) -> bool {
        let removed =
            self.registry.resources.remove(uri_or_template) || self.registry.templates.remove(uri_or_template);
        if removed {
            self.broadcast(Notice::ResourcesListChanged);
        }
        removed
    }

    /// Adds prompts, replacing any with the same name. Refused, like
    /// [`ServerHandle::add_tools`], when state is missing.
    pub fn add_prompts(&self, prompts: impl IntoPrompts) -> Result<(), BuildError> {
        let prompts = prompts.into_prompts();
        prompts.iter().try_for_each(|prompt| self.registry.check(prompt))?;
        for prompt in prompts {
            self.registry.prompts.upsert(prompt);
        }
        self.broadcast(Notice::PromptsListChanged);
        Ok(())
    }

    /// Removes a prompt; returns whether it existed.
    pub fn remove_prompt(&self, name: &str) -> bool {
        let removed = self.registry.prompts.remove(name);
        if removed {
            self.broadcast(Notice::PromptsListChanged);
        }
        removed
    }

    /// Tells every client subscribed to `uri` that it changed
    /// (`notifications/resources/updated`).
    pub fn resource_updated(&self, uri: &str) {
        self.registry.resource_updated(uri);
    }

    /// Sends a parameterless notification to every initialized session.
    fn broadcast(&self, notice: Notice) {
        self.registry.list_changed(notice);
    }
}

impl Context {
    /// A handle to the server, to change its tools or notify its clients.
    /// `None` for a [`Context::detached`] context.
    pub fn server(&self) -> Option<ServerHandle> {
        self.state_map().get::<ServerHandle>().cloned()
    }
}

/// A handler can take the server's handle as a parameter.
impl FromContext for ServerHandle {
    fn from_context(ctx: &Context) -> Result<Self, ErrorObject> {
        ctx.server().ok_or_else(|| ErrorObject::internal("no server is attached to this context"))
    }
}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle").finish_non_exhaustive()
    }
}
