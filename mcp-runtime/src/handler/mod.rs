//! The traits and types that `#[tool]` expands to.
//!
//! A tool is erased behind [`ToolDef`] at the registry boundary: the macro emits
//! one small non-generic shim per tool, and everything generic lives here.

mod args;
pub(crate) mod binding;
pub(crate) mod complete;
pub(crate) mod elicit;
pub(crate) mod param;
pub(crate) mod prompt;
pub(crate) mod resource;
mod resource_error;
pub(crate) mod result;
pub(crate) mod template;
pub(crate) mod tool;

pub use args::{ArgError, ArgMap};
pub use binding::{FromUriVariable, Injected, PromptArgs, PromptParam};
pub use complete::Completer;
pub use elicit::{ClientError, Elicitation, Root, SampledMessage, SamplingMessage, SamplingRequest, UrlElicitation};
pub use param::{InputSchema, ToolParam};
pub use prompt::{IntoPromptResult, IntoPrompts, PromptDef, PromptFactory, PromptInfo, PromptSet};
pub use resource::{
    IntoResourceContents, IntoResources, Json, ResourceDef, ResourceError, ResourceFactory, ResourceInfo, ResourceItem,
    ResourceSet, TemplateDef,
};
pub use result::{Contents, IntoToolResult, OutputMode, OutputSpec, ToolErrorMessage};
pub use template::{Bindings, TemplateError, UriTemplate};
pub use tool::{CallInput, IntoTools, ToolBox, ToolDef, ToolFactory, ToolFuture, ToolSet};
