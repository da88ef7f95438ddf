#![doc = include_str!("lib.md")]

pub mod authorization;
mod cli;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "http-fetch")]
mod fetch;
pub mod handler;
#[cfg(feature = "client")]
mod in_memory;
mod observe;
/// Prometheus metrics: [`metrics::install`] turns them on, and
/// [`metrics::MetricsHandle::render`] is what a scrape reads; `run()` does
/// both with `--metrics-port`.
#[cfg(feature = "metrics")]
pub mod metrics {
    pub use crate::observe::{install, MetricsError, MetricsHandle};
}
pub mod protocol;
mod run;
pub mod server;
pub mod store;
pub mod transport;
mod util;

#[cfg(feature = "macros")]
pub use mcp_macros::{handlers, prompt, resource, tool};

/// Collects `#[tool]` functions into a [`ToolSet`](handler::ToolSet) for
/// [`Server::tools`](server::Server::tools).
///
/// Two entries with the same tool name fail to compile.
///
/// ```compile_fail
/// use mcp_runtime::prelude::*;
/// /// One.
/// #[tool(name = "same")]
/// fn a() -> String { String::new() }
/// /// Two.
/// #[tool(name = "same")]
/// fn b() -> String { String::new() }
/// let _ = tools![a, b];
/// ```
#[cfg(feature = "macros")]
#[macro_export]
macro_rules! tools {
    ($($item:path),* $(,)?) => {
        $crate::__collect!(
            ToolFactory, ToolSet,
            "two entries of `tools![..]` are tools named `",
            "`; give one another name with `#[tool(name = \"..\")]`";
            $($item),*
        )
    };
}

/// Collects `#[resource]` functions (static resources and templates) into a
/// set for [`Server::resources`](server::Server::resources). Two entries with the same URI fail to compile.
#[cfg(feature = "macros")]
#[macro_export]
macro_rules! resources {
    ($($item:path),* $(,)?) => {
        $crate::__collect!(
            ResourceFactory, ResourceSet,
            "two entries of `resources![..]` serve the URI `",
            "`; each resource or template needs its own";
            $($item),*
        )
    };
}

/// Collects `#[prompt]` functions into a set for
/// [`Server::prompts`](server::Server::prompts).
/// Two entries with the same name fail to compile.
#[cfg(feature = "macros")]
#[macro_export]
macro_rules! prompts {
    ($($item:path),* $(,)?) => {
        $crate::__collect!(
            PromptFactory, PromptSet,
            "two entries of `prompts![..]` are prompts named `",
            "`; give one another name with `#[prompt(name = \"..\")]`";
            $($item),*
        )
    };
}

/// The body of `tools!`, `resources!` and `prompts!`: a compile-time check
/// that the keys are unique, then the set.
#[doc(hidden)]
#[macro_export]
macro_rules! __collect {
    ($factory:ident, $set:ident, $before:literal, $after:literal; $($item:path),*) => {{
        $crate::__private::__unique_names!($crate; $factory; KEY; $before $after; $($item),*);
        $crate::__private::$set::from_defs(::std::vec![$(<$item as $crate::__private::$factory>::def()),*])
    }};
}

/// Everything a server file needs: `use mcp_runtime::prelude::*;`.
pub mod prelude {
    pub use crate::handler::{ClientRequestError, Elicitation, Json, ResourceError, UrlElicitation};
    pub use crate::handler::{Context, Extension, Identity, State, ToolError};
    pub use crate::protocol::LogLevel;
    pub use crate::protocol::{
        Audio, CallToolResult, Content, EmbeddedResource, Image, ResourceLink, Text, ToolAnnotations,
    };
    pub use crate::protocol::{GetPromptResult, PromptMessage, ResourceContents, Role};
    pub use crate::protocol::{Root, SamplingRequest, SamplingResult};
    pub use crate::server::{Server, ServerHandle};
    #[cfg(feature = "macros")]
    pub use crate::{prompts, resources, tools};
    #[cfg(feature = "macros")]
    pub use mcp_macros::{handlers, prompt, resource, tool};
    pub use schemars::JsonSchema;
    pub use serde::{Deserialize, Serialize};
}

/// What generated code uses. Not public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::handler::binding::{
        optional_prompt_arg, optional_variable, FromUriVariable, PatternParam, PromptParam, ResourceParam,
    };
    pub use crate::handler::complete::{completion_values, Completer};
    pub use crate::handler::extract::{ArgumentKind, ExtractorKind};
    pub use crate::handler::family::{PromptFactory, ResourceFactory, ToolFactory};
    pub use crate::handler::handlers::{HandlerSet, Handlers};
    pub use crate::handler::param::{extract_flattened, extract_or, InputSchema, ParamError, ToolParam};
    pub use crate::handler::prompt::{
        prompt_argument, reject_prompt, PromptDef, PromptFuture, PromptInfo, PromptInput,
    };
    pub use crate::handler::resource::{
        into_contents, reject_read, ReadInput, ResourceDef, ResourceFuture, ResourceInfo,
    };
    pub use crate::handler::result::{deliver, deliver_result, Contents, OutputMode, OutputSpec, ToolErrorMessage};
    pub use crate::handler::tool::{
        assert_new_name, reject, run_blocking, CallInput, TaskSupport, ToolDef, ToolFuture,
    };
    pub use crate::handler::{
        Context, IntoPromptResult, IntoResourceContents, IntoToolResult, PromptSet, Requirements, ResourceError,
        ResourceSet, ToolSet,
    };
    pub use crate::protocol::{CacheHint, CacheScope, PromptArgument, ToolAnnotations};
    #[cfg(feature = "macros")]
    pub use mcp_macros::__unique_names;
    pub use schemars;
    pub use serde;
    pub use serde_json;
    pub use std::sync::Arc;
}
