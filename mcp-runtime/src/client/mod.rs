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
mod connection;
mod error;
#[cfg(feature = "http-client")]
mod http;
mod hub;
mod input;
mod lifecycle;
mod listen;
mod methods;
#[cfg(feature = "http-client")]
pub mod oauth;
mod stdio;
mod tool_headers;

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

pub use config::{ConfigError, ServerEntry, ServersConfig};
pub use connection::{Handler, HandlerFuture, Handlers, ServerNotification};
pub use error::Error;
pub use hub::{Hub, HubTool, Retry};
pub use listen::{ListenFilter, Listening};

use crate::protocol::{Implementation, ProtocolVersion};
use connection::Connection;

/// How a client connects and behaves.
#[derive(Clone)]
pub struct ClientOptions {
    /// The server's name in errors and logs.
    pub server_name: String,
    /// How long one request may take.
    pub timeout: Duration,
    /// The client's own name and version, sent in `initialize`.
    pub client_info: Implementation,
    /// Answers to the server's requests.
    pub handlers: Handlers,
    /// Let the child's stderr through to ours. Otherwise it is captured,
    /// and its last lines explain a server that exits at start-up.
    pub inherit_stderr: bool,
    /// Extra headers for every HTTP request (such as `Authorization`).
    pub http_headers: Vec<(String, String)>,
    /// The protocol revision to ask for first (default: 2025-11-25, with
    /// `initialize`). 2026-07-28 sends `_meta` on every request instead.
    pub protocol_version: Option<ProtocolVersion>,
    /// OAuth authorization for HTTP servers that ask for it (feature
    /// `http-client`).
    #[cfg(feature = "http-client")]
    pub oauth: Option<oauth::OAuth>,
}

/// The key in a locally made error's `data` that marks a failed
/// authorization.
pub(crate) const AUTHORIZATION_MARK: &str = "mcp-runtime/authorization";

impl ClientOptions {
    /// Options for a server called `name`.
    pub fn named(name: impl Into<String>) -> Self {
        ClientOptions {
            server_name: name.into(),
            timeout: Duration::from_secs(60),
            client_info: Implementation {
                name: "mcp-runtime-client".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                title: None,
            },
            handlers: Handlers::default(),
            inherit_stderr: false,
            http_headers: Vec::new(),
            protocol_version: None,
            #[cfg(feature = "http-client")]
            oauth: None,
        }
    }

    /// Sets the per-request timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Asks for `version` first; a server that rejects it with the versions
    /// it supports gets one retry at the newest of them.
    pub fn protocol_version(mut self, version: ProtocolVersion) -> Self {
        self.protocol_version = Some(version);
        self
    }

    /// Adds a header to every HTTP request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.http_headers.push((name.into(), value.into()));
        self
    }

    /// Authorizes with `oauth` when an HTTP server answers 401 (feature
    /// `http-client`; see [`oauth`]).
    #[cfg(feature = "http-client")]
    pub fn oauth(mut self, oauth: oauth::OAuth) -> Self {
        self.oauth = Some(oauth);
        self
    }

    /// Answers `sampling/createMessage` with `handler`.
    pub fn on_sampling(mut self, handler: impl Fn(Value) -> HandlerFuture + Send + Sync + 'static) -> Self {
        self.handlers.sampling = Some(Arc::new(handler));
        self
    }

    /// Answers `elicitation/create` with `handler`; fields an accepted
    /// answer leaves out get the requested schema's defaults.
    pub fn on_elicitation(mut self, handler: impl Fn(Value) -> HandlerFuture + Send + Sync + 'static) -> Self {
        self.handlers.set_elicitation(handler);
        self
    }

    /// Answers `roots/list` with `handler`.
    pub fn on_roots(mut self, handler: impl Fn(Value) -> HandlerFuture + Send + Sync + 'static) -> Self {
        self.handlers.roots = Some(Arc::new(handler));
        self
    }
}

/// A connected, initialized client.
pub struct Client {
    conn: Arc<Connection>,
    timeout: Duration,
    server_info: Implementation,
    capabilities: Value,
    version: ProtocolVersion,
    attached: Option<Attached>,
    /// `subscriptions/listen` streams opened by [`Client::subscribe`].
    listens: std::sync::Mutex<Vec<Listening>>,
}

/// What a connection owns besides its messages: a child process, or the
/// tasks of an HTTP connection.
pub(crate) enum Attached {
    Child(stdio::ChildProcess),
    #[cfg(feature = "http-client")]
    Http(http::Tasks),
}

impl Attached {
    async fn shut_down(self) {
        match self {
            Attached::Child(child) => child.shut_down().await,
            #[cfg(feature = "http-client")]
            Attached::Http(tasks) => tasks.shut_down().await,
        }
    }
}

impl Client {
    /// Starts `command args..` and talks to it over its stdin and stdout.
    pub async fn stdio<I, S>(command: &str, args: I, options: ClientOptions) -> Result<Client, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        stdio::connect(command, args, &[], options).await
    }

    /// Connects to an HTTP server (feature `http-client`): Streamable HTTP,
    /// falling back to the legacy HTTP+SSE transport when the server
    /// answers the `initialize` POST with a 4xx status.
    #[cfg(feature = "http-client")]
    pub async fn http(url: &str, options: ClientOptions) -> Result<Client, Error> {
        http::connect_auto(url, options).await
    }

    /// Connects over Streamable HTTP only (feature `http-client`).
    #[cfg(feature = "http-client")]
    pub async fn streamable_http(url: &str, options: ClientOptions) -> Result<Client, Error> {
        http::connect_streamable(url, options).await
    }

    /// Connects over the legacy HTTP+SSE transport (feature `http-client`):
    /// `url` is the event stream, such as `http://127.0.0.1:8000/sse`.
    #[cfg(feature = "http-client")]
    pub async fn sse(url: &str, options: ClientOptions) -> Result<Client, Error> {
        http::connect_sse(url, options).await
    }

    /// Serves `server` in this process and connects to it: the way to test a server.
    pub async fn memory(server: crate::Server, options: ClientOptions) -> Result<Client, Error> {
        let (transport, memory) = crate::transport::memory::channel();
        tokio::spawn(server.serve(transport));
        let (to_server, from_server) = memory.into_parts();
        let (out, mut out_rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
        tokio::spawn(async move {
            while let Some(frame) = out_rx.recv().await {
                if to_server.send(frame).await.is_err() {
                    break;
                }
            }
        });
        let conn = Connection::start(options.server_name.clone(), out, from_server, options.handlers.clone());
        Client::handshake(conn, &options, None).await
    }

    /// The server's name and version.
    pub fn server_info(&self) -> &Implementation {
        &self.server_info
    }

    /// The server's declared capabilities.
    pub fn capabilities(&self) -> &Value {
        &self.capabilities
    }

    /// The negotiated protocol revision.
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.version
    }

    /// The name this client gives the server in errors.
    pub fn server_name(&self) -> &str {
        &self.conn.server
    }

    /// The server's notifications (logs, progress, list changes, updates).
    pub fn notifications(&self) -> tokio::sync::broadcast::Receiver<ServerNotification> {
        self.conn.subscribe()
    }

    /// Closes the connection; a child process gets EOF, then SIGTERM, then
    /// SIGKILL; an HTTP session is ended with a DELETE.
    pub async fn close(mut self) {
        if let Some(attached) = self.attached.take() {
            drop(self.conn);
            attached.shut_down().await;
        }
    }
}

fn protocol(conn: &Connection, detail: impl std::fmt::Display) -> Error {
    Error::Protocol { server: conn.server.clone(), detail: detail.to_string() }
}
