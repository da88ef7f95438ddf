//! The wire protocol: JSON-RPC 2.0 framing, MCP message types and revisions.

pub mod content;
pub mod error;
pub mod jsonrpc;
pub mod meta;
pub mod prompt;
pub mod resource;
pub mod types;
pub mod version;

pub use content::{Audio, Content, EmbeddedResource, Image, ResourceContents, ResourceLink, Text};
pub use error::{codes, ErrorObject};
pub use jsonrpc::RequestId;
pub use meta::Icon;
pub use prompt::{GetPromptResult, Prompt, PromptArgument, PromptMessage, Role};
pub use resource::{ReadResourceResult, Resource, ResourceTemplate};
pub use types::{CallToolResult, Implementation, Tool, ToolAnnotations};
pub use version::ProtocolVersion;
