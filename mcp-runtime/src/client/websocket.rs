//! The WebSocket connector (feature `client-websocket`): `ws://` URLs, and
//! `wss://` with the `tls` feature. One JSON-RPC message per text message,
//! with the `mcp` subprotocol offered, as the official SDKs' WebSocket
//! transports have it.

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue, Uri};
use tokio_tungstenite::tungstenite::protocol::{frame::coding::CloseCode, CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::{self, Message, Utf8Bytes};
use tokio_tungstenite::WebSocketStream;
use tokio_util::sync::CancellationToken;

use super::oauth::{self, Refused, Upgrade};
use super::server_link::{IncomingFrames, ServerLink};
use super::{ClientOptions, Error};

/// What a WebSocket connection owns: its task, and the signal that closes it.
pub(crate) struct Socket {
    task: tokio::task::JoinHandle<()>,
    stop: CancellationToken,
}

impl Socket {
    /// Sends a close frame and waits (briefly) for the task to end.
    pub(crate) async fn shut_down(mut self) {
        self.stop.cancel();
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), &mut self.task).await;
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Opens a socket to `url`: the connection over it (not yet introduced),
/// and what the client keeps to close it. With [`ClientOptions::oauth`],
/// an upgrade the server refuses for want of a token (or of scope) runs
/// the authorization flow and is tried again.
pub(crate) async fn open(url: &str, options: &ClientOptions) -> Result<(Arc<ServerLink>, Socket), Error> {
    let server = options.server_name.clone();
    let refused = |detail: String| Error::Unreachable { server: server.clone(), detail };
    let target = Target::parse(url, &server)?;
    let Some(oauth) = &options.oauth else {
        return match target.handshake(options, Vec::new()).await {
            Upgrade::Open(open) => Ok(open),
            Upgrade::Refused { detail, .. } | Upgrade::Failed(detail) => Err(refused(detail)),
        };
    };
    let resource = target.http_uri(&server)?;
    oauth::upgrade(oauth, &resource, |headers| target.handshake(options, headers)).await.map_err(|e| match e {
        Refused::Unreachable(detail) => refused(detail),
        Refused::Unauthorized(error) => Error::Authorization { server: server.clone(), detail: error.to_string() },
    })
}

/// Where a socket goes: the URL (as given, and parsed), and the address to
/// connect to.
struct Target {
    url: String,
    uri: Uri,
    secure: bool,
    host: String,
    port: u16,
}

impl Target {
    /// The target `url` names; `server` names the server in errors.
    fn parse(url: &str, server: &str) -> Result<Target, Error> {
        let refused = |detail: String| Error::Unreachable { server: server.to_owned(), detail };
        let request = url.into_client_request().map_err(|e| refused(format!("`{url}` is not a ws:// URL: {e}")))?;
        let uri = request.uri();
        let secure = match uri.scheme_str() {
            Some("ws") => false,
            Some("wss") if cfg!(feature = "tls") => true,
            Some("wss") => return Err(refused(format!("{url}: wss:// needs the `tls` feature of mcp-runtime"))),
            _ => return Err(refused(format!("`{url}` is not a ws:// or wss:// URL"))),
        };
        let host = uri.host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_owned();
        let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
        Ok(Target { url: url.to_owned(), uri: uri.clone(), secure, host, port })
    }

    /// The endpoint's `http(s)://` URL: what the upgrade request is, and
    /// the resource its tokens are for.
    fn http_uri(&self, server: &str) -> Result<hyper::Uri, Error> {
        let rest = self.url.split_once("://").map_or("", |(_, rest)| rest);
        let scheme = if self.secure { "https" } else { "http" };
        let detail = |e| format!("`{}`: {e}", self.url);
        format!("{scheme}://{rest}")
            .parse()
            .map_err(|e| Error::Unreachable { server: server.to_owned(), detail: detail(e) })
    }

    /// One upgrade on a new connection, with the options' headers and
    /// `extra` (a token's); the connection over the socket when it opens.
    async fn handshake(
        &self,
        options: &ClientOptions,
        extra: Vec<(String, String)>,
    ) -> Upgrade<(Arc<ServerLink>, Socket)> {
        let url = &self.url;
        let mut request = match (&self.uri).into_client_request() {
            Ok(request) => request,
            Err(e) => return Upgrade::Failed(format!("`{url}` is not a ws:// URL: {e}")),
        };
        let headers = request.headers_mut();
        headers.insert("sec-websocket-protocol", HeaderValue::from_static("mcp"));
        for (name, value) in options.http_headers.iter().chain(&extra) {
            let (Ok(name), Ok(value)) = (HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str()))
            else {
                return Upgrade::Failed(format!("the header `{name}` cannot be sent"));
            };
            headers.insert(name, value);
        }
        let tcp = match TcpStream::connect((self.host.as_str(), self.port)).await {
            Ok(tcp) => tcp,
            Err(e) => return Upgrade::Failed(format!("cannot connect to {url}: {e}")),
        };
        let _ = tcp.set_nodelay(true);
        let limit = options.max_message_bytes;
        let config = WebSocketConfig::default().max_message_size(Some(limit)).max_frame_size(Some(limit));
        #[cfg(feature = "tls")]
        if self.secure {
            let tls = match super::http::tls_connect(&self.host, tcp).await {
                Ok(tls) => tls,
                Err(detail) => return Upgrade::Failed(detail.to_string()),
            };
            let shaken = tokio_tungstenite::client_async_with_config(request, tls, Some(config)).await;
            return opened(url, shaken.map(|(socket, _)| socket), options);
        }
        let shaken = tokio_tungstenite::client_async_with_config(request, tcp, Some(config)).await;
        opened(url, shaken.map(|(socket, _)| socket), options)
    }
}

/// The connection over a socket the handshake opened, or how it was refused.
fn opened<S>(
    url: &str,
    shaken: Result<WebSocketStream<S>, tungstenite::Error>,
    options: &ClientOptions,
) -> Upgrade<(Arc<ServerLink>, Socket)>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    match shaken {
        Ok(socket) => Upgrade::Open(start(socket, options)),
        Err(tungstenite::Error::Http(response)) => {
            let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let (challenge, nonce) = (header("www-authenticate"), header("dpop-nonce"));
            let status = response.status();
            let detail = format!("WebSocket handshake with {url} failed: HTTP error: {status}");
            Upgrade::Refused { status: status.as_u16(), challenge, nonce, detail }
        }
        Err(e) => Upgrade::Failed(format!("WebSocket handshake with {url} failed: {e}")),
    }
}

/// Runs the socket in a task, and a connection over it.
fn start<S>(socket: WebSocketStream<S>, options: &ClientOptions) -> (Arc<ServerLink>, Socket)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (out, out_rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let (frames, incoming): (_, IncomingFrames) = crate::client::server_link::incoming_channel();
    let stop = CancellationToken::new();
    let task = tokio::spawn(pump(socket, out_rx, frames, stop.clone()));
    let conn = ServerLink::start(options.server_name.clone(), out, incoming, options.handlers.clone());
    (conn, Socket { task, stop })
}

/// Moves frames between the socket and the connection until either closes.
async fn pump<S>(
    mut socket: WebSocketStream<S>,
    mut out: mpsc::UnboundedReceiver<Vec<u8>>,
    frames: crate::client::server_link::Frames,
    stop: CancellationToken,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    use futures_util::{SinkExt, StreamExt};
    loop {
        tokio::select! {
            () = stop.cancelled() => {
                let frame = CloseFrame { code: CloseCode::Normal, reason: Utf8Bytes::from_static("the client closed") };
                let _ = socket.send(Message::Close(Some(frame))).await;
                return;
            }
            frame = out.recv() => {
                let Some(frame) = frame else { return };
                let text = String::from_utf8(frame).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                if socket.send(Message::text(text)).await.is_err() {
                    return;
                }
            }
            message = socket.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    if frames.send(text.as_bytes().to_vec()).await.is_err() {
                        return;
                    }
                }
                Some(Ok(Message::Binary(bytes))) => {
                    if frames.send(bytes.to_vec()).await.is_err() {
                        return;
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    tracing::debug!("the WebSocket failed: {e}");
                    return;
                }
                None => return,
            },
        }
    }
}
