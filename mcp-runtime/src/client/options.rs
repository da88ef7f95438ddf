//! [`ClientOptions`]: how a client connects and behaves.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

#[cfg(feature = "client-http")]
use super::oauth;
use super::requests::{typed, ElicitationRequest, ElicitationResponse, RootList};
use super::server_link::RequestHandlers;
use crate::protocol::{ErrorObject, Implementation, ProtocolVersion};
use crate::protocol::{Root, SamplingRequest, SamplingResult};

/// How a client connects and behaves: start from [`ClientOptions::named`]
/// and chain the setters.
///
/// ```
/// use std::time::Duration;
/// use mcp_runtime::client::ClientOptions;
///
/// let options = ClientOptions::named("weather")
///     .timeout(Duration::from_secs(10))
///     .client_info("my-agent", "2.1.0")
///     .header("X-Team", "forecasts");
/// # let _ = options;
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct ClientOptions {
    /// The server's name in errors and logs.
    pub(crate) server_name: String,
    /// How long one request may take.
    pub(crate) timeout: Duration,
    /// The largest body, event or message the client reads from a server.
    pub(crate) max_message_bytes: usize,
    /// The client's own name and version, sent in `initialize`.
    pub(crate) client_info: Implementation,
    /// Answers to the server's requests.
    pub(crate) handlers: RequestHandlers,
    /// Let the child's stderr through to ours. Otherwise it is captured,
    /// and its last lines explain a server that exits at start-up.
    pub(crate) inherit_stderr: bool,
    /// Extra headers for every HTTP request (such as `Authorization`).
    pub(crate) http_headers: Vec<(String, String)>,
    /// The protocol revision to ask for first (default: 2025-11-25, with
    /// `initialize`). 2026-07-28 sends `_meta` on every request instead.
    pub(crate) protocol_version: Option<ProtocolVersion>,
    /// OAuth authorization for HTTP servers that ask for it (feature
    /// `client-http`).
    #[cfg(feature = "client-http")]
    pub(crate) oauth: Option<oauth::OAuth>,
}

impl ClientOptions {
    /// Options for a server called `name`.
    pub fn named(name: impl Into<String>) -> Self {
        ClientOptions {
            server_name: name.into(),
            timeout: Duration::from_secs(60),
            max_message_bytes: crate::protocol::DEFAULT_MAX_MESSAGE_BYTES,
            client_info: Implementation {
                name: "mcp-runtime-client".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                title: None,
            },
            handlers: RequestHandlers::default(),
            inherit_stderr: false,
            http_headers: Vec::new(),
            protocol_version: None,
            #[cfg(feature = "client-http")]
            oauth: None,
        }
    }

    /// Sets the per-request timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body, SSE event or WebSocket message the
    /// client reads from the server (default 4 MiB). A larger one ends the
    /// read with an error instead of filling the client's memory.
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.max_message_bytes = bytes.max(1024);
        self
    }

    /// Asks for `version` first; a server that rejects it with the versions
    /// it supports gets one retry at the newest of them.
    pub fn protocol_version(mut self, version: ProtocolVersion) -> Self {
        self.protocol_version = Some(version);
        self
    }

    /// The client's name and version, sent to the server in `initialize`
    /// (default: `mcp-runtime-client` and this crate's version).
    pub fn client_info(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.client_info = Implementation { name: name.into(), version: version.into(), title: None };
        self
    }

    /// Lets a stdio server's stderr through to this process's, instead of
    /// capturing its last lines to explain a server that exits at start-up.
    pub fn inherit_stderr(mut self, inherit: bool) -> Self {
        self.inherit_stderr = inherit;
        self
    }

    /// The server's name, as errors and logs give it.
    pub fn server_name(&self) -> &str {
        &self.server_name
    }

    /// Adds a header to every HTTP request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.http_headers.push((name.into(), value.into()));
        self
    }

    /// Authorizes with `oauth` when an HTTP server answers 401 (feature
    /// `client-http`; see [`oauth`]).
    #[cfg(feature = "client-http")]
    pub fn oauth(mut self, oauth: oauth::OAuth) -> Self {
        self.oauth = Some(oauth);
        self
    }

    /// Answers `sampling/createMessage` with `handler`, and declares the
    /// `sampling` capability.
    ///
    /// ```
    /// use mcp_runtime::client::ClientOptions;
    /// use mcp_runtime::protocol::SamplingResult;
    ///
    /// let options = ClientOptions::named("notes").on_sampling(|request| async move {
    ///     let asked = request.messages.len();
    ///     Ok(SamplingResult::from_text(format!("{asked} messages read"), "my-model"))
    /// });
    /// # let _ = options;
    /// ```
    pub fn on_sampling<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(SamplingRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<SamplingResult, ErrorObject>> + Send + 'static,
    {
        self.handlers.sampling = Some(typed(handler));
        self
    }

    /// Answers `elicitation/create` with `handler`, and declares the
    /// `elicitation` capability; fields an accepted answer leaves out get
    /// the requested schema's defaults.
    pub fn on_elicitation<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(ElicitationRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<ElicitationResponse, ErrorObject>> + Send + 'static,
    {
        self.handlers.set_elicitation(typed(handler));
        self
    }

    /// Answers `roots/list` with `handler`'s roots, and declares the
    /// `roots` capability.
    pub fn on_roots<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<Root>, ErrorObject>> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let listed = move |_: Value| {
            let roots = handler();
            async move { roots.await.map(|roots| RootList { roots }) }
        };
        self.handlers.roots = Some(typed(listed));
        self
    }
}
