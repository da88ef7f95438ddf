//! What handlers are made of: the [`Context`] a request gives them, the
//! extractors ([`State`], [`Extension`], [`Identity`], your own
//! [`FromContext`] types), what they may return, and the errors they fail
//! with.
//!
//! Behind the macros, a handler is erased to one small non-generic shim
//! per item at the registry boundary; what the shims are built from is not
//! public API.

pub(crate) mod args;
pub(crate) mod binding;
pub(crate) mod client_features;
pub(crate) mod complete;
pub(crate) mod context;
pub(crate) mod elicit;
mod extensions;
pub(crate) mod extract;
pub(crate) mod family;
pub(crate) mod handlers;
pub(crate) mod identity;
pub(crate) mod own_server;
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

pub use client_features::KeyedInput;
pub use complete::Complete;
pub use context::Context;
pub use elicit::{ClientRequestError, Elicitation, UrlElicitation};
pub use extensions::Extensions;
pub use extract::{Extension, FromContext, Requirements, SharedValue, State};
pub use family::{IntoPrompts, IntoResources, IntoTools, PromptSet, ResourceSet, ToolSet};
pub use handlers::IntoHandlers;
pub use identity::Identity;
pub(crate) use identity::PeerAddress;
pub use prompt::IntoPromptResult;
pub use resource::{IntoResourceContents, Json, ResourceError};
pub use result::IntoToolResult;
pub use tool_error::ToolError;
#[cfg(feature = "tracing-subscriber")]
pub use trace_bridge::ClientLogLayer;

// Macro glue and internals: public items of private modules, re-exported
// for generated code from `crate::__private` only.
pub(crate) use binding::PromptArgs;
pub(crate) use complete::Completer;
pub(crate) use prompt::PromptDef;
pub(crate) use resource::{ResourceDef, StaticResourceDef, TemplateDef};
pub(crate) use template::Bindings;
pub use tool::TaskSupport;
pub(crate) use tool::ToolDef;
