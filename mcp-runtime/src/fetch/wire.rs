//! Plain HTTP/1.1 requests on hyper, one fresh connection each.

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::FetchError;

/// Sends one request on a fresh connection and returns the response head
/// (its body streams on). `https://` needs the `tls` feature.
pub(crate) async fn send(
    method: &str,
    uri: &Uri,
    headers: &[(String, String)],
    body: Bytes,
) -> Result<Response<Incoming>, FetchError> {
    let secure = match uri.scheme_str() {
        Some("http") => false,
        Some("https") if cfg!(feature = "tls") => true,
        Some("https") => {
            return Err(FetchError::Url(format!("{uri}: https:// needs the `tls` feature of mcp-runtime")))
        }
        _ => return Err(FetchError::Url(format!("{uri}: only http:// and https:// URLs are supported"))),
    };
    let host = uri.host().ok_or_else(|| FetchError::Url(format!("{uri}: no host")))?;
    // An IPv6 literal without its brackets.
    let bare_host = host.trim_start_matches('[').trim_end_matches(']');
    let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
    let stream = TcpStream::connect((bare_host, port))
        .await
        .map_err(|e| FetchError::Connect { url: uri.to_string(), reason: e.to_string() })?;
    let _ = stream.set_nodelay(true);
    let request = build_request(method, uri, host, headers, body)?;
    if secure {
        #[cfg(feature = "tls")]
        return exchange(super::tls::connect(bare_host, stream).await?, uri, request).await;
    }
    exchange(stream, uri, request).await
}

fn build_request(
    method: &str,
    uri: &Uri,
    host: &str,
    headers: &[(String, String)],
    body: Bytes,
) -> Result<Request<Full<Bytes>>, FetchError> {
    let mut request = Request::builder().method(method).uri(uri.path_and_query().map_or("/", |p| p.as_str()));
    request = request.header("Host", uri.authority().map_or(host, |a| a.as_str()));
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    request.body(Full::new(body)).map_err(|e| FetchError::Exchange(format!("bad request to {uri}: {e}")))
}

/// Sends `request` over `io` with HTTP/1.1.
async fn exchange<IO>(io: IO, uri: &Uri, request: Request<Full<Bytes>>) -> Result<Response<Incoming>, FetchError>
where
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| FetchError::Exchange(format!("HTTP handshake with {uri} failed: {e}")))?;
    tokio::spawn(connection);
    let method = request.method().clone();
    sender.send_request(request).await.map_err(|e| FetchError::Exchange(format!("{method} {uri} failed: {e}")))
}

/// A response header as text.
pub(crate) fn header<'a>(response: &'a Response<Incoming>, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

/// Reads a whole body of at most `limit` bytes.
pub(crate) async fn read_body(body: Incoming, limit: usize) -> Result<Vec<u8>, FetchError> {
    http_body_util::Limited::new(body, limit)
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .map_err(|e| FetchError::Body { limit, reason: e.to_string() })
}
