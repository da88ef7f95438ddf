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

mod config;
mod connect;
mod connection;
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
mod session;
mod stdio;
mod subscription;
mod tool_headers;
#[cfg(feature = "client-websocket")]
mod websocket;

pub use config::{ConfigError, ServerEntry, ServersConfig};
pub(crate) use connection::incoming_channel;
pub use connection::ServerNotification;
pub use error::Error;
pub use hub::{Hub, HubTool, Retry};
pub use options::ClientOptions;
pub use requests::{ElicitationAction, ElicitationRequest, ElicitationResponse};
pub use session::Client;
pub use subscription::{ListenFilter, Listening};
