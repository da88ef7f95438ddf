//! The front door: accepting TCP connections and serving HTTP/1.1 on them
//! with hyper, within limits a peer cannot stretch: the number of
//! connections, the time to send a request's headers (a stalled or idle
//! connection is closed) and their size (431).

use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

use crate::transport::http::front_door::standing::Peer;
use crate::transport::http::options::HttpOptions;

/// hyper refuses a read buffer smaller than this.
const MIN_HEADER_BUFFER: usize = 8 * 1024;

/// What every connection is served with.
#[derive(Clone)]
pub(in crate::transport::http) struct Front {
    router: Router,
    header_read_timeout: Duration,
    max_header_bytes: usize,
    #[cfg(feature = "tls")]
    tls: Option<tokio_rustls::TlsAcceptor>,
}

impl Front {
    pub(in crate::transport::http) fn new(router: Router, options: &HttpOptions) -> Self {
        Front {
            router,
            header_read_timeout: options.header_read_timeout,
            max_header_bytes: options.max_header_bytes.max(MIN_HEADER_BUFFER),
            #[cfg(feature = "tls")]
            tls: None,
        }
    }

    /// Serves TLS with `acceptor` (feature `tls`).
    #[cfg(feature = "tls")]
    pub(in crate::transport::http) fn with_tls(mut self, acceptor: tokio_rustls::TlsAcceptor) -> Self {
        self.tls = Some(acceptor);
        self
    }
}

/// Accepts connections until `stop` completes, then asks each open one to
/// finish its current exchange and waits for them, at most `grace`.
/// Returns whether every connection finished in time.
pub(in crate::transport::http) async fn accept_until(
    listener: TcpListener,
    front: Front,
    max_connections: usize,
    stop: impl Future<Output = ()>,
    grace: Duration,
) -> bool {
    let slots = Arc::new(Semaphore::new(max_connections));
    let (closing_tx, closing_rx) = watch::channel(false);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, peer)) => admit(tcp, peer.ip(), &slots, &front, &closing_rx),
                Err(e) => {
                    // Out of file descriptors, say: wait rather than spin.
                    tracing::warn!("accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    let _ = closing_tx.send(true);
    let all = u32::try_from(max_connections).unwrap_or(u32::MAX);
    let finished = tokio::time::timeout(grace, slots.acquire_many(all)).await.is_ok();
    finished
}

/// Serves one connection if there is a slot for it; closes it otherwise.
fn admit(tcp: TcpStream, peer: IpAddr, slots: &Arc<Semaphore>, front: &Front, closing: &watch::Receiver<bool>) {
    let Ok(slot) = Arc::clone(slots).try_acquire_owned() else {
        tracing::debug!("connection refused: the connection limit is reached");
        return;
    };
    let _ = tcp.set_nodelay(true);
    tokio::spawn(serve_connection(tcp, peer, slot, front.clone(), closing.clone()));
}

async fn serve_connection(
    tcp: TcpStream,
    peer: IpAddr,
    slot: OwnedSemaphorePermit,
    front: Front,
    closing: watch::Receiver<bool>,
) {
    #[cfg(feature = "tls")]
    if let Some(acceptor) = front.tls.clone() {
        // The handshake gets the same time as a request's headers.
        match tokio::time::timeout(front.header_read_timeout, acceptor.accept(tcp)).await {
            Ok(Ok(stream)) => drive(stream, peer, front, closing).await,
            Ok(Err(e)) => tracing::debug!("TLS handshake failed: {e}"),
            Err(_) => tracing::debug!("TLS handshake timed out"),
        }
        drop(slot);
        return;
    }
    drive(tcp, peer, front, closing).await;
    drop(slot);
}

/// Serves HTTP/1.1 (with upgrades, for WebSocket) on `io` until the peer
/// closes, the connection idles out, or the server shuts down.
async fn drive<IO>(io: IO, peer: IpAddr, front: Front, mut closing: watch::Receiver<bool>)
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = TowerToHyperService::new(WithPeer { router: front.router.clone(), peer: Peer(peer) });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(front.header_read_timeout)
        .max_buf_size(front.max_header_bytes);
    let connection = builder.serve_connection(TokioIo::new(io), service).with_upgrades();
    tokio::pin!(connection);
    let shutting_down = async move {
        let _ = closing.wait_for(|c| *c).await;
    };
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = shutting_down => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(e) = result {
        tracing::debug!("connection ended with an error: {e}");
    }
}

/// The router, with the connection's peer address on each request.
#[derive(Clone)]
struct WithPeer {
    router: Router,
    peer: Peer,
}

impl<B> tower::Service<axum::http::Request<B>> for WithPeer
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = axum::response::Response;
    type Error = std::convert::Infallible;
    type Future = <Router as tower::Service<axum::http::Request<B>>>::Future;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> {
        <Router as tower::Service<axum::http::Request<B>>>::poll_ready(&mut self.router, cx)
    }

    fn call(&mut self, mut request: axum::http::Request<B>) -> Self::Future {
        request.extensions_mut().insert(self.peer);
        self.router.call(request)
    }
}
