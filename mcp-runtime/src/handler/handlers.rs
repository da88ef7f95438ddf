//! [`Handlers`]: the tools, resources and prompts of one value, from a
//! `#[handlers]` impl block whose methods take `&self`.

use std::sync::Arc;

use super::prompt::PromptDef;
use super::resource::ResourceDef;
use super::tool::ToolDef;

/// The handlers of one value, each holding a handle to it.
#[derive(Debug, Default)]
pub struct HandlerSet {
    pub(crate) tools: Vec<ToolDef>,
    pub(crate) resources: Vec<ResourceDef>,
    pub(crate) prompts: Vec<PromptDef>,
}

impl HandlerSet {
    /// A set of handlers (what `#[handlers]` generates).
    pub fn new(tools: Vec<ToolDef>, resources: Vec<ResourceDef>, prompts: Vec<PromptDef>) -> Self {
        HandlerSet { tools, resources, prompts }
    }
}

/// Implemented by `#[handlers]` on an impl block whose `&self` methods are
/// tools, resources, prompts and completers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no handlers",
    label = "no `#[handlers]` impl block for this type",
    note = "put `#[handlers]` on an `impl` block whose methods carry `#[tool]`, `#[resource(\"..\")]` or `#[prompt]`"
)]
pub trait Handlers: Send + Sync + 'static {
    /// The handlers, each holding a handle to `self`.
    fn handlers(self: Arc<Self>) -> HandlerSet;
}

/// Anything `Server::handlers` accepts: a value whose type has a
/// `#[handlers]` impl block, or an `Arc` of one (to keep a handle to it).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no handlers",
    note = "pass a value whose type has a `#[handlers]` impl block, or an `Arc` of one"
)]
pub trait IntoHandlers {
    /// The handlers.
    #[doc(hidden)]
    fn into_handlers(self) -> HandlerSet;
}

impl<T: Handlers> IntoHandlers for T {
    fn into_handlers(self) -> HandlerSet {
        Arc::new(self).handlers()
    }
}

impl<T: Handlers> IntoHandlers for Arc<T> {
    fn into_handlers(self) -> HandlerSet {
        self.handlers()
    }
}
