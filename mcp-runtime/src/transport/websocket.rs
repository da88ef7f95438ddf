//! The WebSocket transport (feature `server-websocket`): one MCP connection per
//! socket, one JSON-RPC message per text (or binary) message, in every
//! protocol revision. It is written against the public [`Connection`] core
//! only, as any transport outside this crate could be.
//!
//! The HTTP listener upgrades requests to it (see
//! [`http`](super::http)); this module drives an upgraded socket: it feeds
//! what the client sends, writes what the server sends, pings the client,
//! and closes the socket when the client goes quiet, when the server shuts
//! down, or when a message is over the size limit.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::{close_code, CloseFrame, Message, WebSocket};
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{BuiltServer, Connection};
use crate::handler::Extensions;
use crate::protocol::Outbound;

/// How one socket is kept.
#[derive(Debug, Clone)]
pub(crate) struct SocketRules {
    /// How often the client is pinged; two intervals of silence close it.
    pub(crate) ping_interval: Duration,
    /// Cancelled to close the socket: the session was evicted or expired,
    /// or the server is shutting down.
    pub(crate) stop: CancellationToken,
    /// Values attached to every request of this socket (the identity the
    /// upgrade request authenticated, say).
    pub(crate) extensions: Extensions,
    /// When the token the socket was opened with expires (seconds since
    /// the Unix epoch): the socket closes then, and the client reconnects
    /// with a fresh one.
    pub(crate) expires_at: Option<u64>,
}

/// The most bytes queued for a socket whose client reads slower than the
/// server writes. Past it notifications are dropped; a response or a
/// request that finds no room closes the socket (1008), since its client
/// is not reading what it asked for.
const QUEUED_BYTES: usize = 16 * 1024 * 1024;

/// How long one write may wait for the client to read before the socket is
/// taken to be dead.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A message on its way to the socket, with the bytes it holds of the queue.
type Outgoing = (Message, usize);

/// Frames the server sends, on their way to the socket's writer; `overflow`
/// is cancelled when the queue is full.
struct ToSocket {
    frames: mpsc::UnboundedSender<Outgoing>,
    queued: Arc<AtomicUsize>,
    overflow: CancellationToken,
}

impl Outbound for ToSocket {
    fn send(&self, frame: Vec<u8>) {
        let len = frame.len();
        if self.queued.load(Ordering::Relaxed) + len > QUEUED_BYTES {
            if !crate::protocol::jsonrpc::is_notification(&frame) {
                self.overflow.cancel();
            }
            return;
        }
        self.queued.fetch_add(len, Ordering::Relaxed);
        let _ = self.frames.send((text(frame), len));
    }
}

/// A frame the server sends, as a text message (frames are UTF-8 JSON).
fn text(frame: Vec<u8>) -> Message {
    Message::text(String::from_utf8(frame).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// How long until `expires_at` (seconds since the Unix epoch); a year
/// when there is no expiry.
fn until(expires_at: Option<u64>) -> Duration {
    let Some(expires_at) = expires_at else { return Duration::from_secs(365 * 24 * 3600) };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Duration::from_secs(expires_at).saturating_sub(now)
}

/// Why the socket is closing, as a close frame.
fn close(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame { code, reason: reason.into() }))
}

/// The socket's writing half, in a task of its own, so that a client that
/// stops reading never holds up the loop that pings it, ends it at token
/// expiry, or closes it on eviction.
struct Writer {
    queue: mpsc::UnboundedSender<Outgoing>,
    /// Cancelled when a write failed or timed out: nothing more goes out.
    stalled: CancellationToken,
    /// Cancelled to skip what is queued and send only the close frame.
    discard: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Writer {
    fn start(sink: SplitSink<WebSocket, Message>, queued: Arc<AtomicUsize>) -> Self {
        let (queue, rx) = mpsc::unbounded_channel();
        let (stalled, discard) = (CancellationToken::new(), CancellationToken::new());
        let task = tokio::spawn(write_all(sink, rx, queued, stalled.clone(), discard.clone()));
        Writer { queue, stalled, discard, task }
    }

    /// Sends what is queued (unless `flush` is false), then `goodbye`,
    /// giving the client [`WRITE_TIMEOUT`] for all, and a second for the
    /// close frame alone when it does not get the rest.
    async fn finish(self, goodbye: Message, flush: bool) {
        if !flush {
            self.discard.cancel();
        }
        let _ = self.queue.send((goodbye, 0));
        drop(self.queue);
        let wait = if flush { WRITE_TIMEOUT } else { Duration::from_secs(1) };
        let mut task = self.task;
        if tokio::time::timeout(wait, &mut task).await.is_err() {
            task.abort();
        }
    }
}

async fn write_all(
    mut sink: SplitSink<WebSocket, Message>,
    mut queue: mpsc::UnboundedReceiver<Outgoing>,
    queued: Arc<AtomicUsize>,
    stalled: CancellationToken,
    discard: CancellationToken,
) {
    while let Some((message, len)) = queue.recv().await {
        queued.fetch_sub(len, Ordering::Relaxed);
        let closing = matches!(message, Message::Close(_));
        if discard.is_cancelled() && !closing {
            continue;
        }
        match tokio::time::timeout(WRITE_TIMEOUT, sink.send(message)).await {
            Ok(Ok(())) if !closing => {}
            Ok(Ok(())) => return,
            _ => {
                stalled.cancel();
                return;
            }
        }
    }
}

/// Serves MCP on an upgraded socket until either side closes it. `seen`
/// is told of every message the client sends (for idle expiry).
pub(crate) async fn serve_socket(socket: WebSocket, service: &BuiltServer, rules: SocketRules, seen: impl Fn()) {
    let (sink, mut stream) = socket.split();
    let queued = Arc::new(AtomicUsize::new(0));
    let writer = Writer::start(sink, Arc::clone(&queued));
    let overflow = CancellationToken::new();
    let to_socket = ToSocket { frames: writer.queue.clone(), queued, overflow: overflow.clone() };
    let connection = Connection::new(service, Arc::new(to_socket));
    let mut ping = tokio::time::interval(rules.ping_interval);
    ping.tick().await;
    let mut last_heard = Instant::now();
    let expiry = tokio::time::sleep(until(rules.expires_at));
    tokio::pin!(expiry);
    let goodbye = loop {
        tokio::select! {
            biased;
            () = rules.stop.cancelled() => break Some(close(close_code::AWAY, "the server is closing this session")),
            () = &mut expiry => break Some(close(close_code::POLICY, "the access token expired")),
            () = overflow.cancelled() => {
                tracing::warn!("a WebSocket client reads slower than the server writes ({QUEUED_BYTES} bytes queued); closing");
                break Some(close(close_code::POLICY, "messages are not being read"));
            }
            () = writer.stalled.cancelled() => {
                tracing::warn!("a WebSocket client read nothing for {WRITE_TIMEOUT:?}; closing");
                break None;
            }
            received = stream.next() => {
                last_heard = Instant::now();
                match received {
                    Some(Ok(Message::Text(text))) => {
                        seen();
                        connection.feed_with(text.as_bytes(), &rules.extensions).await;
                    }
                    Some(Ok(Message::Binary(bytes))) => {
                        seen();
                        connection.feed_with(&bytes, &rules.extensions).await;
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                    Some(Ok(Message::Close(_))) | None => break None,
                    Some(Err(e)) => break Some(refusal(&connection, e)),
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() >= rules.ping_interval * 2 {
                    break Some(close(close_code::AWAY, "no answer to pings"));
                }
                let _ = writer.queue.send((Message::Ping(Default::default()), 0));
            }
        }
    };
    let flush = !overflow.is_cancelled();
    finish(writer, connection, goodbye, flush).await;
}

/// The close frame for a read error: an oversized message is 1009 (and
/// answered with `-32600` first), anything else a protocol error.
fn refusal(connection: &Connection, error: axum::Error) -> Message {
    use tokio_tungstenite::tungstenite::Error;
    match error.into_inner().downcast::<Error>().map(|e| *e) {
        Ok(Error::Capacity(_)) => {
            connection.refuse_oversized();
            close(close_code::SIZE, "message too big")
        }
        _ => close(close_code::PROTOCOL, "malformed WebSocket frame"),
    }
}

/// Lets the requests in flight finish and, when `flush`, sends their
/// answers; then closes. A client that stopped reading gets no flush, and
/// the close frame only if it goes out within a second.
async fn finish(writer: Writer, connection: Connection, goodbye: Option<Message>, flush: bool) {
    connection.close().await;
    match goodbye {
        Some(goodbye) => writer.finish(goodbye, flush).await,
        // The client went away: nobody would read the answers.
        None => writer.task.abort(),
    }
}
