//! The WebSocket connector (feature `client-websocket`): `ws://` URLs, and
//! `wss://` with the `tls` feature. One JSON-RPC message per text message,
//! with the `mcp` subprotocol offered, as the official SDKs' WebSocket
//! transports have it.

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
use tokio_tungstenite::tungstenite::protocol::{frame::coding::CloseCode, CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};
use tokio_tungstenite::WebSocketStream;
use tokio_util::sync::CancellationToken;

use super::connection::{Connection, IncomingFrames};
use super::{ClientOptions, Error};

/// The largest message the client reads (the server's default limit too).
const MAX_MESSAGE: usize = 4 * 1024 * 1024;

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
/// and what the client keeps to close it.
pub(crate) async fn open(url: &str, options: &ClientOptions) -> Result<(Arc<Connection>, Socket), Error> {
    let server = options.server_name.clone();
    let refused = |detail: String| Error::Unreachable { server: server.clone(), detail };
    let mut request = url.into_client_request().map_err(|e| refused(format!("`{url}` is not a ws:// URL: {e}")))?;
    let secure = match request.uri().scheme_str() {
        Some("ws") => false,
        Some("wss") if cfg!(feature = "tls") => true,
        Some("wss") => return Err(refused(format!("{url}: wss:// needs the `tls` feature of mcp-runtime"))),
        _ => return Err(refused(format!("`{url}` is not a ws:// or wss:// URL"))),
    };
    let headers = request.headers_mut();
    headers.insert("sec-websocket-protocol", HeaderValue::from_static("mcp"));
    for (name, value) in &options.http_headers {
        let (Ok(name), Ok(value)) = (HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str())) else {
            return Err(refused(format!("the header `{name}` cannot be sent")));
        };
        headers.insert(name, value);
    }
    let uri = request.uri().clone();
    let host = uri.host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_owned();
    let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
    let tcp = TcpStream::connect((host.as_str(), port)).await.map_err(|e| unreachable(&server, url, e))?;
    let _ = tcp.set_nodelay(true);
    let config = WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE)).max_frame_size(Some(MAX_MESSAGE));
    if secure {
        #[cfg(feature = "tls")]
        {
            let tls = super::http::tls_connect(&host, tcp).await.map_err(refused)?;
            let (socket, _) = tokio_tungstenite::client_async_with_config(request, tls, Some(config))
                .await
                .map_err(|e| refused(format!("WebSocket handshake with {url} failed: {e}")))?;
            return Ok(start(socket, options));
        }
    }
    let (socket, _) = tokio_tungstenite::client_async_with_config(request, tcp, Some(config))
        .await
        .map_err(|e| refused(format!("WebSocket handshake with {url} failed: {e}")))?;
    Ok(start(socket, options))
}

fn unreachable(server: &str, url: &str, error: std::io::Error) -> Error {
    Error::Unreachable { server: server.to_owned(), detail: format!("cannot connect to {url}: {error}") }
}

/// Runs the socket in a task, and a connection over it.
fn start<S>(socket: WebSocketStream<S>, options: &ClientOptions) -> (Arc<Connection>, Socket)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (out, out_rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let (frames, incoming): (_, IncomingFrames) = crate::client::connection::incoming_channel();
    let stop = CancellationToken::new();
    let task = tokio::spawn(pump(socket, out_rx, frames, stop.clone()));
    let conn = Connection::start(options.server_name.clone(), out, incoming, options.handlers.clone());
    (conn, Socket { task, stop })
}

/// Moves frames between the socket and the connection until either closes.
async fn pump<S>(
    mut socket: WebSocketStream<S>,
    mut out: mpsc::UnboundedReceiver<Vec<u8>>,
    frames: crate::client::connection::Frames,
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
