//! The wire protocol: JSON-RPC 2.0 framing, MCP message types and revisions.

mod cache;
pub mod content;
mod envelope;
pub mod error;
pub mod jsonrpc;
mod log;
pub mod meta;
pub(crate) mod method;
pub mod prompt;
pub mod resource;
pub(crate) mod scope;
mod sink;
mod trace_context;
pub mod types;
pub mod version;

pub use cache::{CacheHint, CacheScope};
pub use content::{Audio, Content, EmbeddedResource, Image, ResourceContents, ResourceLink, Text};
pub use error::{codes, ErrorObject};
pub use jsonrpc::RequestId;
pub use log::LogLevel;
pub use meta::Icon;
pub use prompt::{GetPromptResult, Prompt, PromptArgument, PromptMessage, Role};
pub use resource::{ReadResourceResult, Resource, ResourceTemplate};
pub(crate) use sink::Nowhere;
pub use sink::{Outbound, Sink};
pub use trace_context::TraceContext;
pub use types::{CallToolResult, Implementation, Tool, ToolAnnotations};
pub use version::ProtocolVersion;
