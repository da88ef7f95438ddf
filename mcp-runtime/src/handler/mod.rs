//! What handlers are made of: the [`Context`] a request gives them, the
//! extractors, and the traits and types that `#[tool]`, `#[resource]` and
//! `#[prompt]` expand to.
//!
//! A handler is erased behind [`ToolDef`], [`ResourceItem`] or
//! [`PromptDef`] at the registry boundary: the macro emits one small
//! non-generic shim per item, and everything generic lives here.

mod args;
pub(crate) mod binding;
mod client_features;
pub(crate) mod complete;
pub(crate) mod context;
pub(crate) mod elicit;
mod extensions;
mod extract;
mod handlers;
pub(crate) mod identity;
pub(crate) mod panic;
pub(crate) mod param;
pub(crate) mod prompt;
pub(crate) mod resource;
mod resource_error;
pub(crate) mod result;
pub(crate) mod template;
pub(crate) mod tool;
mod tool_error;
pub(crate) mod trace_bridge;

pub use args::{ArgError, ArgMap};
pub use binding::{FromUriVariable, PatternParam, PromptArgs, PromptParam, ResourceParam};
pub use client_features::KeyedInput;
pub use complete::{Complete, Completer};
pub use context::Context;
pub use elicit::{ClientError, Elicitation, Root, SampledMessage, SamplingMessage, SamplingRequest, UrlElicitation};
pub use extensions::Extensions;
pub use extract::{ArgumentKind, Extension, ExtractorKind, FromContext, Requirements, State};
pub use handlers::{HandlerSet, Handlers, IntoHandlers};
pub use identity::Identity;
pub use param::{InputSchema, ParamError, ToolParam};
pub use prompt::{IntoPromptResult, IntoPrompts, PromptDef, PromptFactory, PromptInfo, PromptSet};
pub use resource::{
    IntoResourceContents, IntoResources, Json, ResourceDef, ResourceError, ResourceFactory, ResourceInfo, ResourceItem,
    ResourceSet, TemplateDef,
};
pub use result::{Contents, IntoToolResult, OutputMode, OutputSpec, ToolErrorMessage};
pub use template::{Bindings, TemplateError, UriTemplate};
pub use tool::{CallInput, IntoTools, ToolDef, ToolFactory, ToolFuture, ToolSet};
pub use tool_error::ToolError;
pub use trace_bridge::ClientLogLayer;
