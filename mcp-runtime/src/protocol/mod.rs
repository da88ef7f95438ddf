//! The wire protocol: JSON-RPC 2.0 framing, MCP message types and revisions.

mod cache;
mod capabilities;
mod content;
mod envelope;
mod error;
pub(crate) mod jsonrpc;
mod lifecycle;
mod log;
mod meta;
pub(crate) mod method;
mod prompt;
pub(crate) mod requests;
mod resource;
mod sampling;
pub(crate) mod scope;
mod sink;
#[cfg(feature = "skills")]
pub(crate) mod skills;
pub(crate) mod tasks;
mod trace_context;
pub(crate) mod types;
mod version;

pub use cache::{CacheHint, CacheScope};
pub use capabilities::{CompletionRef, Empty, ListChanged, ResourcesCapability, ServerCapabilities};
pub use content::{Audio, Content, EmbeddedResource, Image, ResourceContents, ResourceLink, Text};
pub use error::{codes, ErrorObject};
pub use jsonrpc::RequestId;
pub use lifecycle::{DiscoverResult, InitializeResult};
pub use log::LogLevel;
pub use meta::Icon;
pub(crate) use prompt::prompt_arguments;
pub use prompt::{GetPromptResult, Prompt, PromptArgument, PromptMessage, Role};
pub use resource::{ReadResourceResult, Resource, ResourceTemplate};
pub use sampling::{Root, SamplingMessage, SamplingRequest, SamplingResult};
pub(crate) use sink::Nowhere;
pub use sink::{Outbound, Sink};
pub use tasks::{TaskInfo, TaskStatus, TASKS_EXTENSION};
pub use trace_context::TraceContext;
pub use types::{CallToolResult, Implementation, Tool, ToolAnnotations};
pub use version::ProtocolVersion;

/// The largest message either side reads unless told otherwise: a server's
/// request, a client's answer body, event or line (4 MiB).
pub(crate) const DEFAULT_MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;
