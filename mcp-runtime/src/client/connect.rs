//! The ways to connect a [`Client`]: a child process over stdio, an HTTP
//! server (feature `client-http`), or, inside the crate, any pair of frame
//! channels.

#[cfg(feature = "client-http")]
use super::http;
use super::server_link::{IncomingFrames, Outgoing, ServerLink};
use super::{stdio, Client, ClientOptions, Error};

impl Client {
    /// Starts `command args..` and talks to it over its stdin and stdout.
    pub async fn stdio<I, S>(command: &str, args: I, options: ClientOptions) -> Result<Client, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        stdio::connect(command, args, &[], options).await
    }

    /// Connects to an HTTP server (feature `client-http`): Streamable HTTP,
    /// falling back to the legacy HTTP+SSE transport when the server
    /// answers the `initialize` POST with a 4xx status.
    #[cfg(feature = "client-http")]
    pub async fn http(url: &str, options: ClientOptions) -> Result<Client, Error> {
        http::connect_auto(url, options).await
    }

    /// Connects to a server by URL: `ws://` and `wss://` over WebSocket
    /// (feature `client-websocket`), `http://` and `https://` as
    /// [`Client::http`] does (feature `client-http`).
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), mcp_runtime::client::Error> {
    /// use mcp_runtime::client::{Client, ClientOptions};
    /// let client = Client::connect("ws://192.168.1.100:8765", ClientOptions::named("remote")).await?;
    /// # client.close().await; Ok(()) }
    /// ```
    #[cfg(feature = "client-http")]
    pub async fn connect(url: &str, options: ClientOptions) -> Result<Client, Error> {
        let scheme = url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase()).unwrap_or_default();
        match scheme.as_str() {
            "ws" | "wss" => Self::websocket(url, options).await,
            _ => Self::http(url, options).await,
        }
    }

    /// Connects over WebSocket (feature `client-websocket`): `ws://`, or
    /// `wss://` with the `tls` feature. The `mcp` subprotocol is offered;
    /// [`ClientOptions::header`]s go with the upgrade request.
    #[cfg(feature = "client-http")]
    pub async fn websocket(url: &str, options: ClientOptions) -> Result<Client, Error> {
        #[cfg(feature = "client-websocket")]
        {
            let (conn, socket) = super::websocket::open(url, &options).await?;
            let attached = super::attached::Attached::WebSocket(socket);
            return Client::handshake(conn, &options, Some(attached)).await;
        }
        #[cfg(not(feature = "client-websocket"))]
        return Err(Error::Unreachable {
            server: options.server_name,
            detail: format!("{url}: ws:// needs the `client-websocket` feature of mcp-runtime"),
        });
    }

    /// Connects over Streamable HTTP only (feature `client-http`).
    #[cfg(feature = "client-http")]
    pub async fn streamable_http(url: &str, options: ClientOptions) -> Result<Client, Error> {
        http::connect_streamable(url, options).await
    }

    /// Connects over the legacy HTTP+SSE transport (feature `client-http`):
    /// `url` is the event stream, such as `http://127.0.0.1:8000/sse`.
    #[cfg(feature = "client-http")]
    pub async fn sse(url: &str, options: ClientOptions) -> Result<Client, Error> {
        http::connect_sse(url, options).await
    }

    /// Connects over `out` (frames to the server) and `incoming` (frames
    /// from it), as [`Client::memory`] does.
    pub(crate) async fn attach(
        out: Outgoing,
        incoming: IncomingFrames,
        options: ClientOptions,
    ) -> Result<Client, Error> {
        let conn = ServerLink::start(options.server_name.clone(), out, incoming, options.handlers.clone());
        Client::handshake(conn, &options, None).await
    }
}
