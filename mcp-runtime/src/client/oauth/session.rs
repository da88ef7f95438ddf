//! Sending a connection's requests with its token, and authorizing when the
//! server refuses them.

use hyper::body::{Bytes, Incoming};
use hyper::{Response, Uri};

use super::challenge::Challenge;
use super::config::OAuth;
use super::flow;
use crate::client::http::wire;

/// A connection's authorization: the [`OAuth`] and the server it is for.
pub(crate) struct Authorized {
    oauth: OAuth,
    server: String,
}

/// Why a request got no answer worth reading.
pub(crate) enum Refused {
    /// The server could not be reached.
    Unreachable(String),
    /// Authorization failed, or the server kept refusing the tokens.
    Unauthorized(String),
}

impl Authorized {
    /// Authorization with `oauth` for the server at `server`.
    pub(crate) fn new(oauth: OAuth, server: &Uri) -> Self {
        Authorized { oauth, server: server.to_string() }
    }

    /// Sends a request with the current token; on a 401, or a 403 asking
    /// for more scope, authorizes and sends it again.
    async fn send(
        &self,
        method: &str,
        uri: &Uri,
        headers: &[(String, String)],
        body: Bytes,
    ) -> Result<Response<Incoming>, Refused> {
        let mut nonce_retries = 0;
        loop {
            let presentation = self.oauth.present(&self.server, method, uri).map_err(Refused::Unauthorized)?;
            let token = presentation.token;
            let mut with_token = headers.to_vec();
            with_token.extend(presentation.headers);
            let response = wire::send(method, uri, &with_token, body.clone()).await.map_err(Refused::Unreachable)?;
            let status = response.status().as_u16();
            let challenge = Challenge::parse(status, wire::header(&response, "www-authenticate"));
            let fresh_nonce = wire::header(&response, "dpop-nonce").map(str::to_owned);
            let nonce_changed = fresh_nonce.is_some() && self.oauth.note_dpop_nonce(&self.server, fresh_nonce);
            if challenge.wants_dpop_nonce() && token.is_some() && nonce_changed && nonce_retries < 2 {
                nonce_retries += 1;
                continue;
            }
            if status != 401 && !challenge.wants_more_scope() {
                if token.is_some() && response.status().is_success() {
                    self.oauth.with_server(&self.server, |auth| auth.failures = 0);
                }
                return Ok(response);
            }
            drop(response);
            flow::authorize(&self.oauth, &self.server, &challenge, token.as_deref())
                .await
                .map_err(Refused::Unauthorized)?;
        }
    }
}

/// Sends a request, through `auth` when the connection has one.
pub(crate) async fn send(
    auth: Option<&Authorized>,
    method: &str,
    uri: &Uri,
    headers: &[(String, String)],
    body: Bytes,
) -> Result<Response<Incoming>, Refused> {
    match auth {
        Some(auth) => auth.send(method, uri, headers, body).await,
        None => wire::send(method, uri, headers, body).await.map_err(Refused::Unreachable),
    }
}

/// How one WebSocket upgrade attempt ended.
#[cfg(feature = "client-websocket")]
pub(crate) enum Upgrade<T> {
    /// The socket is open.
    Open(T),
    /// The server answered the upgrade with `status` (and the
    /// `WWW-Authenticate` challenge and `DPoP-Nonce` it sent, if any).
    Refused { status: u16, challenge: Option<String>, nonce: Option<String>, detail: String },
    /// Anything else: no answer, a broken handshake.
    Failed(String),
}

/// Opens a WebSocket with `oauth`'s token: `attempt` upgrades with the
/// given authorization headers (a fresh connection each time). An upgrade
/// refused with 401, or with 403 asking for more scope, runs the
/// authorization flow with the server's challenge and tries again, as an
/// HTTP request does: `OAuth::max_attempts` authorizations in a row at
/// most, and twice with a fresh `DPoP-Nonce`. `server` is the endpoint's
/// `http(s)://` URL, the resource tokens are asked for (and DPoP proofs
/// made) for.
#[cfg(feature = "client-websocket")]
pub(crate) async fn upgrade<T, F, Fut>(oauth: &OAuth, server: &Uri, mut attempt: F) -> Result<T, Refused>
where
    F: FnMut(Vec<(String, String)>) -> Fut,
    Fut: std::future::Future<Output = Upgrade<T>>,
{
    let key = server.to_string();
    let mut nonce_retries = 0;
    loop {
        let presentation = oauth.present(&key, "GET", server).map_err(Refused::Unauthorized)?;
        let token = presentation.token;
        match attempt(presentation.headers).await {
            Upgrade::Open(open) => {
                if token.is_some() {
                    oauth.with_server(&key, |auth| auth.failures = 0);
                }
                return Ok(open);
            }
            Upgrade::Failed(detail) => return Err(Refused::Unreachable(detail)),
            Upgrade::Refused { status, challenge, nonce, detail } => {
                let challenge = Challenge::parse(status, challenge.as_deref());
                let nonce_changed = nonce.is_some() && oauth.note_dpop_nonce(&key, nonce);
                if challenge.wants_dpop_nonce() && token.is_some() && nonce_changed && nonce_retries < 2 {
                    nonce_retries += 1;
                    continue;
                }
                if status != 401 && !challenge.wants_more_scope() {
                    return Err(Refused::Unreachable(detail));
                }
                flow::authorize(oauth, &key, &challenge, token.as_deref()).await.map_err(Refused::Unauthorized)?;
            }
        }
    }
}
