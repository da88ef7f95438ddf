//! Build MCP (Model Context Protocol) servers from plain Rust functions.
//!
//! # Example
//!
//! ```no_run
//! use mcp_runtime::prelude::*;
//!
//! /// Add two numbers together.
//! #[tool]
//! async fn add_numbers(a: i64, b: i64) -> i64 {
//!     a + b
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     Server::new("SimpleServer").version("1.0.0").tools(tools![add_numbers]).run()
//! }
//! ```
//!
//! # Tools
//!
//! `#[tool]` turns a function, sync or async, into a tool. The function stays
//! an ordinary function that tests can call. Its doc comment is the tool's
//! description; each parameter is one property of the input schema (JSON
//! Schema 2020-12, through `schemars`), described by its own doc comment or
//! `#[arg(description = "..")]`. `Option<T>` parameters are not required, and
//! `#[arg(default = expr)]` supplies a default. `#[arg(flatten)]` on a struct
//! parameter makes its fields the tool's arguments.
//!
//! Attribute keys: `name`, `title`, `description`, `read_only`,
//! `destructive`, `idempotent`, `open_world`, `blocking` (run a sync function
//! on tokio's blocking pool) and `crate` (the path to this crate).
//!
//! Tools, resources and prompts may be `&self` methods of one value: mark
//! the impl block `#[handlers]` and pass the value to [`Server::handlers`].
//!
//! What a tool returns decides how it is delivered:
//! - `String` or `&str`: text content;
//! - any other `Serialize + JsonSchema` type: `structuredContent` with an
//!   `outputSchema` and a text mirror; non-objects are wrapped as `{"result": ..}`;
//! - content types ([`Text`], [`Image`], [`Audio`], [`ResourceLink`],
//!   [`EmbeddedResource`], `Vec<Content>`) or a full [`CallToolResult`]: as they are;
//! - `Result<T, E>`: `Err` becomes an `isError` result with the error's message.
//!
//! # Context and extractors
//!
//! A parameter whose type implements [`handler::FromContext`] is extracted
//! from the request rather than read from the arguments, in tools,
//! resources, prompts and completers alike: [`Context`] (the request id,
//! the client, cancellation, logging, progress, and the client features),
//! [`State<T>`](handler::State), [`Extension<T>`](handler::Extension),
//! [`ServerHandle`], `Option` of any of them, and your own types.
//!
//! # State
//!
//! State is never global. [`Server::state`] registers a value that handlers
//! reach with `State<T>`; a handler that asks for a type nobody registered
//! is reported by [`Server::check`], `run()` and `serve()` before any client
//! connects.
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use mcp_runtime::prelude::*;
//!
//! #[derive(Clone, Default)]
//! struct Notes(Arc<Mutex<Vec<String>>>);
//!
//! /// Add a note; returns how many there are.
//! #[tool]
//! fn add_note(text: String, State(notes): State<Notes>) -> usize {
//!     let mut notes = notes.0.lock().unwrap();
//!     notes.push(text);
//!     notes.len()
//! }
//!
//! let server = Server::new("notes").state(Notes::default()).tools(tools![add_note]);
//! assert!(server.check().is_ok());
//! ```
//!
//! # Middleware
//!
//! [`Server::layer`] wraps every request in a tower layer over MCP requests;
//! see [`middleware`] for what a layer sees, the order layers run in, and
//! the layers the runtime ships.
//!
//! # Tracing
//!
//! Each request runs in an `mcp.request` span with the OpenTelemetry MCP
//! attribute names and the W3C trace context the client sent in `_meta`.
//! [`ClientLogLayer`] forwards the `tracing` events a handler emits to the
//! client that called it; `run()` installs it next to a stderr logger.
//!
//! # Errors
//!
//! Protocol faults are JSON-RPC errors: `-32700` for unparsable input (with a
//! `null` id), `-32600` for invalid requests, `-32601` for unknown methods,
//! `-32602` for invalid params such as an unknown tool. Arguments that do not
//! fit a tool's parameters, and tools that fail or panic, produce an `isError`
//! result the model can read. A panic anywhere else (a resource, a prompt, a
//! completer, a layer) is `-32603` with its message. Every request with an
//! id gets exactly one answer, and the server keeps serving.
//!
//! # Transports
//!
//! [`Server::run`] parses `--transport`, `--host`, `--port`, `--path`,
//! `--inspect`, `--help` and `--version`, then serves stdio. [`Server::serve`]
//! serves any [`transport::Transport`] on your own runtime;
//! [`transport::memory`] connects a client in the same process for tests.
//! [`transport::Connection`] is the public core a transport is written
//! against: connect a sink, feed frames, close.
//!
//! # Feature flags
//!
//! - `macros` (default): the `#[tool]`, `#[resource]`, `#[prompt]` and
//!   `#[handlers]` attributes (from `mcp-runtime-macros`).
//! - `http`: Streamable HTTP and legacy HTTP+SSE, on axum and hyper.
//! - `websocket`: the WebSocket server transport, on tokio-tungstenite.
//! - `tls`: HTTPS and WSS for the server (`--tls-cert`, `--tls-key`) and
//!   `https://` / `wss://` for the client, on rustls.
//! - `auth`: bearer tokens for the server (`auth::JwtVerifier`,
//!   `auth::Introspection`, `--auth-issuer`), on jsonwebtoken.
//! - `redis`: instances sharing sessions, request streams, nonces and
//!   notifications through Redis (`store::RedisStore`, `--redis`).
//! - `metrics`: Prometheus metrics (`metrics::install`, `--metrics-port`).
//! - `client`: the client, over stdio and in memory.
//! - `http-client`: the client's HTTP connectors and OAuth, on hyper.
//! - `websocket-client`: `ws://` and `wss://` URLs for the client.
//! - `jwt`: signed client assertions and DPoP for the client's OAuth, on ring.

#[cfg(feature = "auth")]
pub mod auth;
pub mod cli;
#[cfg(feature = "client")]
pub mod client;
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

pub use handler::{ClientLogLayer, Context, ToolError};
pub use handler::{IntoToolResult, ToolParam, ToolSet};
pub use protocol::{Audio, CallToolResult, Content, EmbeddedResource, Image, ResourceLink, Text};
pub use protocol::{CacheHint, CacheScope, LogLevel};
pub use server::{middleware, Server, ServerHandle};

#[cfg(feature = "macros")]
pub use mcp_macros::{handlers, prompt, resource, tool};

/// Collects `#[tool]` functions into a [`ToolSet`] for [`Server::tools`].
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
#[macro_export]
macro_rules! tools {
    ($($item:path),* $(,)?) => {
        $crate::__collect!(ToolFactory, NAME, tool_def, ToolSet::from_defs; $($item),*)
    };
}

/// Collects `#[resource]` functions (static resources and templates) into a
/// set for [`Server::resources`]. Two entries with the same URI fail to compile.
#[macro_export]
macro_rules! resources {
    ($($item:path),* $(,)?) => {
        $crate::__collect!(ResourceFactory, URI, resource_item, ResourceSet::from_items; $($item),*)
    };
}

/// Collects `#[prompt]` functions into a set for [`Server::prompts`].
/// Two entries with the same name fail to compile.
#[macro_export]
macro_rules! prompts {
    ($($item:path),* $(,)?) => {
        $crate::__collect!(PromptFactory, NAME, prompt_def, PromptSet::from_defs; $($item),*)
    };
}

/// The body of `tools!`, `resources!` and `prompts!`: a compile-time check
/// that the keys are unique, then the set.
#[doc(hidden)]
#[macro_export]
macro_rules! __collect {
    ($factory:ident, $key:ident, $build:ident, $set:ident :: $new:ident; $($item:path),*) => {{
        const _: () = $crate::__private::assert_unique_names(
            &[$(<$item as $crate::__private::$factory>::$key),*]
        );
        $crate::__private::$set::$new(::std::vec![
            $(<$item as $crate::__private::$factory>::$build()),*
        ])
    }};
}

/// Everything a server file needs: `use mcp_runtime::prelude::*;`.
pub mod prelude {
    pub use crate::handler::{
        ClientError, Elicitation, Json, ResourceError, Root, SampledMessage, SamplingRequest, UrlElicitation,
    };
    pub use crate::handler::{Context, Extension, Identity, State, ToolError};
    pub use crate::protocol::LogLevel;
    pub use crate::protocol::{
        Audio, CallToolResult, Content, EmbeddedResource, Image, ResourceLink, Text, ToolAnnotations,
    };
    pub use crate::protocol::{GetPromptResult, PromptMessage, ResourceContents, Role};
    pub use crate::server::{Server, ServerHandle};
    pub use crate::{prompts, resources, tools};
    #[cfg(feature = "macros")]
    pub use mcp_macros::{handlers, prompt, resource, tool};
    pub use schemars::JsonSchema;
    pub use serde::{Deserialize, Serialize};
}

/// What generated code uses. Not public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::handler::binding::{optional_prompt_arg, optional_variable};
    pub use crate::handler::complete::completion_values;
    pub use crate::handler::param::{extract_flattened, extract_or};
    pub use crate::handler::prompt::{prompt_argument, reject_prompt, PromptFuture, PromptInput};
    pub use crate::handler::resource::{into_contents, reject_read, ReadInput, ResourceFuture};
    pub use crate::handler::result::{deliver, deliver_result};
    pub use crate::handler::tool::{assert_unique_names, reject, run_blocking};
    pub use crate::handler::Context;
    pub use crate::handler::{
        CallInput, Contents, InputSchema, IntoToolResult, ParamError, PatternParam, ToolDef, ToolFactory, ToolFuture,
        ToolParam, ToolSet,
    };
    pub use crate::handler::{
        Completer, FromUriVariable, HandlerSet, Handlers, IntoPromptResult, IntoResourceContents, PromptDef,
        PromptFactory, PromptInfo, PromptParam, PromptSet, Requirements, ResourceError, ResourceFactory, ResourceInfo,
        ResourceItem, ResourceParam, ResourceSet,
    };
    pub use crate::protocol::PromptArgument;
    pub use crate::protocol::ToolAnnotations;
    pub use schemars;
    pub use serde;
    pub use serde_json;
    pub use std::sync::Arc;
}
