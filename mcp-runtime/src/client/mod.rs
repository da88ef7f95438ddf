//! The client (feature `client`): connect to a server over stdio (a child
//! process) or in memory, run the handshake, and call it with typed methods.
//!
//! ```no_run
//! # async fn example() -> Result<(), mcp_runtime::client::Error> {
//! use mcp_runtime::client::{Client, ClientOptions};
//! let client = Client::stdio("python", ["server.py"], ClientOptions::named("demo")).await?;
//! let tools = client.list_tools().await?;
//! let sum: serde_json::Value = client.call_tool_as("add_numbers", serde_json::json!({"a": 5, "b": 3})).await?;
//! client.close().await;
//! # let _ = (tools, sum); Ok(()) }
//! ```

mod attached;
// The module is named after the type it holds, as the rest of the crate's are.
#[allow(clippy::module_inception)]
mod client;
mod config;
mod connect;
mod error;
mod garbage;
#[cfg(feature = "client-http")]
mod http;
mod hub;
mod input;
mod lifecycle;
mod listen;
mod methods;
#[cfg(feature = "client-http")]
pub mod oauth;
mod options;
mod requests;
mod server_link;
#[cfg(feature = "skills")]
mod skills;
mod stdio;
mod subscription;
mod tasks;
mod tool_headers;
#[cfg(feature = "client-websocket")]
mod websocket;

pub use client::Client;
pub use config::{ConfigError, ServerEntry, ServersConfig};
pub use error::Error;
pub use hub::{Hub, HubTool, Retry};
pub use options::ClientOptions;
pub use requests::{ElicitationAction, ElicitationRequest, ElicitationResponse};
pub(crate) use server_link::incoming_channel;
pub use server_link::ServerNotification;
#[cfg(feature = "skills")]
pub use skills::{SkillEntry, SkillFile, SkillFiles};
pub use subscription::{ListenFilter, Listening};
pub use tasks::TaskCall;
