//! How the user's consent is obtained: [`Authorize`], with a loopback
//! redirect for people at a browser ([`Loopback`]) and a redirect follower
//! for servers that grant without asking anyone ([`FollowRedirects`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::urls;
use crate::fetch;

/// What [`Authorize::authorize`] returns: the URL the authorization server
/// redirected back to (with its `code`, `state` and `iss`), or why not
/// (any error; a `String` converts with `?` or `.into()`).
pub type AuthorizeFuture = Pin<Box<dyn Future<Output = Result<String, AuthorizeError>> + Send>>;

/// Why an [`Authorize`] could not obtain the redirect: any error.
pub type AuthorizeError = Box<dyn std::error::Error + Send + Sync>;

/// Takes the user through an authorization request.
///
/// ```
/// use mcp_runtime::client::oauth::{Authorize, AuthorizeFuture};
///
/// /// Asks the user to paste the address their browser ended up at.
/// struct Paste;
///
/// impl Authorize for Paste {
///     fn redirect_uri(&self) -> String {
///         "http://127.0.0.1:33418/callback".into()
///     }
///     fn authorize(&self, url: String) -> AuthorizeFuture {
///         Box::pin(async move {
///             println!("Open {url}, then paste the address you land on:");
///             let mut line = String::new();
///             std::io::stdin().read_line(&mut line)?;
///             Ok(line.trim().to_owned())
///         })
///     }
/// }
/// ```
pub trait Authorize: Send + Sync + 'static {
    /// Where the authorization server sends the user back (registered with
    /// the server).
    fn redirect_uri(&self) -> String;
    /// Shows the user `url` and waits for the redirect back.
    fn authorize(&self, url: String) -> AuthorizeFuture;
}

/// Listens on `127.0.0.1` for the browser's redirect back (RFC 8252's
/// loopback redirect), after handing the user the authorization URL.
#[derive(Clone)]
pub struct Loopback {
    port: u16,
    show: Arc<dyn Fn(&str) + Send + Sync>,
    wait: Duration,
}

impl Loopback {
    /// Listens on `port` at `/callback`; prints the URL to open on stderr.
    pub fn new(port: u16) -> Self {
        let show = Arc::new(|url: &str| eprintln!("To authorize, open this address in a browser:\n  {url}"));
        Loopback { port, show, wait: Duration::from_secs(300) }
    }

    /// Hands the user the URL with `show` instead (say, to open a browser).
    pub fn on_url(mut self, show: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.show = Arc::new(show);
        self
    }

    /// How long to wait for the user (default five minutes).
    pub fn wait(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }
}

impl Authorize for Loopback {
    fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/callback", self.port)
    }

    fn authorize(&self, url: String) -> AuthorizeFuture {
        let this = self.clone();
        Box::pin(this.wait_for_redirect(url))
    }
}

impl Loopback {
    /// Shows `url`, then waits for the browser to come back.
    async fn wait_for_redirect(self, url: String) -> Result<String, AuthorizeError> {
        let listener = TcpListener::bind(("127.0.0.1", self.port))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{} for the redirect: {e}", self.port))?;
        (self.show)(&url);
        tokio::time::timeout(self.wait, receive_callback(&listener, self.port))
            .await
            .map_err(|_| format!("nobody came back from the authorization page within {:?}", self.wait))?
            .map_err(AuthorizeError::from)
    }
}

/// Answers requests on `listener` until one comes to `/callback`; returns
/// its full URL.
async fn receive_callback(listener: &TcpListener, port: u16) -> std::io::Result<String> {
    loop {
        let (mut stream, _) = listener.accept().await.map_err(|e| with_context("the redirect listener failed", e))?;
        let mut head = vec![0u8; 8192];
        let Ok(read) = stream.read(&mut head).await else { continue };
        let head = String::from_utf8_lossy(&head[..read]);
        let target = head.lines().next().and_then(|line| line.split(' ').nth(1)).unwrap_or_default().to_owned();
        let (status, text) = if target.starts_with("/callback") {
            ("200 OK", "Authorization received. You can close this tab.")
        } else {
            ("404 Not Found", "Not the authorization callback.")
        };
        let reply = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
            text.len()
        );
        let _ = stream.write_all(reply.as_bytes()).await;
        if target.starts_with("/callback") {
            return Ok(format!("http://127.0.0.1:{port}{target}"));
        }
    }
}

/// `error`, its message led by `context`.
fn with_context(context: &str, error: std::io::Error) -> std::io::Error {
    std::io::Error::new(error.kind(), format!("{context}: {error}"))
}

/// Follows the authorization server's redirects without a browser, until
/// one leads to the redirect URI. For servers that grant without user
/// interaction, such as test servers and some machine-to-machine setups.
#[derive(Clone, Debug)]
pub struct FollowRedirects {
    redirect_uri: String,
}

impl FollowRedirects {
    /// Expects the server to redirect to `redirect_uri` in the end.
    pub fn new(redirect_uri: impl Into<String>) -> Self {
        FollowRedirects { redirect_uri: redirect_uri.into() }
    }
}

/// How many redirects one authorization may take.
const MAX_REDIRECTS: usize = 10;

impl Authorize for FollowRedirects {
    fn redirect_uri(&self) -> String {
        self.redirect_uri.clone()
    }

    fn authorize(&self, url: String) -> AuthorizeFuture {
        let redirect_uri = self.redirect_uri.clone();
        Box::pin(follow_redirects(url, redirect_uri))
    }
}

/// Follows redirects from `url` until one reaches `redirect_uri`.
async fn follow_redirects(url: String, redirect_uri: String) -> Result<String, AuthorizeError> {
    let mut at = url;
    for _ in 0..MAX_REDIRECTS {
        let reply = fetch::get(&at).await?;
        let Some(location) = reply.location.clone().filter(|_| (300..400).contains(&reply.status)) else {
            return Err(format!("the authorization page wants a person (it answered {})", reply.describe()).into());
        };
        let location = urls::resolve(&at, &location).unwrap_or(location);
        if location.starts_with(&redirect_uri) {
            return Ok(location);
        }
        at = location;
    }
    Err(format!("more than {MAX_REDIRECTS} redirects without reaching {redirect_uri}").into())
}
