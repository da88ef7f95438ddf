//! Sending a connection's requests with its token, and authorizing when the
//! server refuses them.

use hyper::body::{Bytes, Incoming};
use hyper::{Response, Uri};

use super::challenge::Challenge;
use super::config::OAuth;
use super::error::OAuthError;
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
    Unauthorized(OAuthError),
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
        let mut attempts = Attempts::new(&self.oauth, &self.server);
        loop {
            let presentation = self.oauth.present(&self.server, method, uri).map_err(Refused::Unauthorized)?;
            let token = presentation.token;
            let mut with_token = headers.to_vec();
            with_token.extend(presentation.headers);
            let response = wire::send(method, uri, &with_token, body.clone())
                .await
                .map_err(|e| Refused::Unreachable(e.to_string()))?;
            let answer = Answer {
                status: response.status().as_u16(),
                challenge: wire::header(&response, "www-authenticate"),
                nonce: wire::header(&response, "dpop-nonce").map(str::to_owned),
            };
            match attempts.judge(token.as_deref(), answer) {
                Verdict::Accept => return Ok(response),
                Verdict::RetryWithNonce => continue,
                Verdict::Authorize(challenge) => {
                    drop(response);
                    attempts.authorize(&challenge, token.as_deref()).await?;
                }
            }
        }
    }
}

/// What the server answered an attempt that carried a token (or none).
struct Answer<'a> {
    status: u16,
    /// `WWW-Authenticate`, if sent.
    challenge: Option<&'a str>,
    /// `DPoP-Nonce`, if sent.
    nonce: Option<String>,
}

/// What to do after an answer.
enum Verdict {
    /// Keep it: the token was good, or the refusal is not about tokens.
    Accept,
    /// Send again with the fresh `DPoP-Nonce` the server gave.
    RetryWithNonce,
    /// Run the authorization flow for this challenge, then send again.
    Authorize(Challenge),
}

/// One request's attempts against `server` (an HTTP request, a WebSocket
/// upgrade): the same rules for both.
struct Attempts<'a> {
    oauth: &'a OAuth,
    server: &'a str,
    nonce_retries: u8,
}

impl<'a> Attempts<'a> {
    fn new(oauth: &'a OAuth, server: &'a str) -> Self {
        Attempts { oauth, server, nonce_retries: 0 }
    }

    /// Retries twice with a fresh `DPoP-Nonce`; authorizes on a 401, or a
    /// 403 asking for more scope; else accepts, and a success with a token
    /// resets the count of authorizations in a row.
    fn judge(&mut self, token: Option<&str>, answer: Answer<'_>) -> Verdict {
        let challenge = Challenge::parse(answer.status, answer.challenge);
        let nonce_changed = answer.nonce.is_some() && self.oauth.note_dpop_nonce(self.server, answer.nonce);
        if challenge.wants_dpop_nonce() && token.is_some() && nonce_changed && self.nonce_retries < 2 {
            self.nonce_retries += 1;
            return Verdict::RetryWithNonce;
        }
        if answer.status != 401 && !challenge.wants_more_scope() {
            if (200..300).contains(&answer.status) {
                self.succeeded(token);
            }
            return Verdict::Accept;
        }
        Verdict::Authorize(challenge)
    }

    /// The server took the request: with a token, that ends a run of
    /// authorizations.
    fn succeeded(&self, token: Option<&str>) {
        if token.is_some() {
            self.oauth.with_server(self.server, |auth| auth.failures = 0);
        }
    }

    /// The authorization flow (at most `OAuth::max_attempts` in a row).
    async fn authorize(&self, challenge: &Challenge, token: Option<&str>) -> Result<(), Refused> {
        flow::authorize(self.oauth, self.server, challenge, token).await.map_err(Refused::Unauthorized)
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
        None => wire::send(method, uri, headers, body).await.map_err(|e| Refused::Unreachable(e.to_string())),
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
    let mut attempts = Attempts::new(oauth, &key);
    loop {
        let presentation = oauth.present(&key, "GET", server).map_err(Refused::Unauthorized)?;
        let token = presentation.token;
        let (status, challenge, nonce, detail) = match attempt(presentation.headers).await {
            Upgrade::Open(open) => {
                attempts.succeeded(token.as_deref());
                return Ok(open);
            }
            Upgrade::Failed(detail) => return Err(Refused::Unreachable(detail)),
            Upgrade::Refused { status, challenge, nonce, detail } => (status, challenge, nonce, detail),
        };
        match attempts.judge(token.as_deref(), Answer { status, challenge: challenge.as_deref(), nonce }) {
            Verdict::Accept => return Err(Refused::Unreachable(detail)),
            Verdict::RetryWithNonce => continue,
            Verdict::Authorize(challenge) => attempts.authorize(&challenge, token.as_deref()).await?,
        }
    }
}
