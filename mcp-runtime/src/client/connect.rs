//! The ways to connect a [`Client`]: a child process over stdio, an HTTP
//! server (feature `http-client`), or, inside the crate, any pair of frame
//! channels.

use super::connection::{Connection, IncomingFrames, Outgoing};
#[cfg(feature = "http-client")]
use super::http;
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

    /// Connects to an HTTP server (feature `http-client`): Streamable HTTP,
    /// falling back to the legacy HTTP+SSE transport when the server
    /// answers the `initialize` POST with a 4xx status.
    #[cfg(feature = "http-client")]
    pub async fn http(url: &str, options: ClientOptions) -> Result<Client, Error> {
        http::connect_auto(url, options).await
    }

    /// Connects to a server by URL: `ws://` and `wss://` over WebSocket
    /// (feature `websocket-client`), `http://` and `https://` as
    /// [`Client::http`] does (feature `http-client`).
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), mcp_runtime::client::Error> {
    /// use mcp_runtime::client::{Client, ClientOptions};
    /// let client = Client::connect("ws://192.168.1.100:8765", ClientOptions::named("remote")).await?;
    /// # client.close().await; Ok(()) }
    /// ```
    #[cfg(feature = "http-client")]
    pub async fn connect(url: &str, options: ClientOptions) -> Result<Client, Error> {
        let scheme = url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase()).unwrap_or_default();
        match scheme.as_str() {
            "ws" | "wss" => Self::websocket(url, options).await,
            _ => Self::http(url, options).await,
        }
    }

    /// Connects over WebSocket (feature `websocket-client`): `ws://`, or
    /// `wss://` with the `tls` feature. The `mcp` subprotocol is offered;
    /// [`ClientOptions::header`]s go with the upgrade request.
    #[cfg(feature = "http-client")]
    pub async fn websocket(url: &str, options: ClientOptions) -> Result<Client, Error> {
        #[cfg(feature = "websocket-client")]
        {
            let (conn, socket) = super::websocket::open(url, &options).await?;
            let attached = super::session::Attached::WebSocket(socket);
            return Client::handshake(conn, &options, Some(attached)).await;
        }
        #[cfg(not(feature = "websocket-client"))]
        return Err(Error::Unreachable {
            server: options.server_name,
            detail: format!("{url}: ws:// needs the `websocket-client` feature of mcp-runtime"),
        });
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

    /// Connects over `out` (frames to the server) and `incoming` (frames
    /// from it), as [`Client::memory`] does.
    pub(crate) async fn attach(
        out: Outgoing,
        incoming: IncomingFrames,
        options: ClientOptions,
    ) -> Result<Client, Error> {
        let conn = Connection::start(options.server_name.clone(), out, incoming, options.handlers.clone());
        Client::handshake(conn, &options, None).await
    }
}
