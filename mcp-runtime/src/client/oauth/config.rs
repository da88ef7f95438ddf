//! The [`OAuth`] value: what the user configured, and the tokens,
//! registrations and DPoP state it keeps for every server it authorizes
//! with.

use crate::util::MutexExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::authorizers::{Authorize, AuthorizeError, AuthorizeFuture};
use super::discovery;
use super::dpop::DpopKey;
use super::enterprise::IdentityProvider;
use super::error::OAuthError;
use super::identity::{ClientIdentity, TokenAuth};

/// How a client obtains and keeps OAuth tokens. Clones share their tokens
/// and registrations.
#[derive(Clone)]
pub struct OAuth {
    pub(super) settings: Arc<Settings>,
    pub(super) shared: Arc<Shared>,
}

/// What the user configured.
#[derive(Clone)]
pub(crate) struct Settings {
    /// `client_name` for dynamic registration.
    pub(crate) client_name: String,
    /// Takes the user through the authorization page.
    pub(crate) authorizer: Arc<dyn Authorize>,
    /// A Client ID Metadata Document URL, for servers that accept one.
    pub(crate) metadata_document: Option<String>,
    /// Pre-registered credentials.
    pub(crate) credentials: Vec<Credentials>,
    /// Ask for `offline_access` (a refresh token) where it is offered.
    pub(crate) offline_access: bool,
    /// Authorizations in a row the server may refuse before giving up.
    pub(crate) max_attempts: usize,
    /// How the client acts for itself, when it does not act for a user.
    pub(crate) machine: Option<Machine>,
}

/// A grant with no user.
#[derive(Clone)]
pub(crate) enum Machine {
    /// The client credentials grant.
    ClientCredentials,
    /// The JWT bearer grant (RFC 7523), with assertions from the function.
    JwtBearer(Arc<dyn Fn() -> Result<String, AuthorizeError> + Send + Sync>),
    /// The JWT bearer grant with an ID-JAG from the enterprise identity
    /// provider.
    Enterprise(Arc<IdentityProvider>),
}

/// A pre-registered client.
#[derive(Clone, Debug)]
pub(crate) struct Credentials {
    /// The issuer they are for; `None` for any.
    pub(crate) issuer: Option<String>,
    /// The client id.
    pub(crate) client_id: String,
    /// The secret, for a confidential client.
    pub(crate) secret: Option<String>,
    /// A PEM private key for `private_key_jwt` (feature `client-signing`).
    #[cfg(feature = "client-signing")]
    pub(crate) private_key: Option<Arc<str>>,
}

impl Credentials {
    fn new(issuer: Option<String>, client_id: String, secret: Option<String>) -> Self {
        #[cfg(feature = "client-signing")]
        return Credentials { issuer, client_id, secret, private_key: None };
        #[cfg(not(feature = "client-signing"))]
        Credentials { issuer, client_id, secret }
    }

    /// How the private key authenticates, if there is one.
    pub(crate) fn private_key(&self) -> Option<TokenAuth> {
        #[cfg(feature = "client-signing")]
        return self.private_key.clone().map(TokenAuth::PrivateKeyJwt);
        #[cfg(not(feature = "client-signing"))]
        None
    }
}

impl Settings {
    /// The pre-registered credentials for `issuer`, if any.
    pub(crate) fn credentials_for(&self, issuer: &str) -> Option<&Credentials> {
        let exact = self.credentials.iter().find(|c| c.issuer.as_deref() == Some(issuer));
        exact.or_else(|| self.credentials.iter().find(|c| c.issuer.is_none()))
    }
}

/// What the client holds, shared by clones.
#[derive(Default)]
pub(super) struct Shared {
    /// One authorization at a time: requests refused together wait for
    /// the first one's flow and then retry with its token.
    pub(super) turn: tokio::sync::Mutex<()>,
    /// By server URL.
    servers: Mutex<HashMap<String, ServerAuth>>,
    /// By issuer: credentials are never carried to another server.
    identities: Mutex<HashMap<String, ClientIdentity>>,
    /// The DPoP key, made when a server first binds tokens to one.
    #[cfg(feature = "client-signing")]
    dpop_key: Mutex<Option<Arc<DpopKey>>>,
}

/// The client's standing with one server.
#[derive(Default, Clone)]
pub(super) struct ServerAuth {
    pub(super) grant: Option<Grant>,
    /// Authorizations since the server last accepted a token.
    pub(super) failures: usize,
    /// The last `DPoP-Nonce` the server gave (RFC 9449 §9).
    dpop_nonce: Option<String>,
}

/// How one request presents the token.
#[derive(Default)]
pub(super) struct Presentation {
    /// The access token, if the client holds one.
    pub(super) token: Option<String>,
    /// `Authorization`, and `DPoP` for a DPoP-bound token.
    pub(super) headers: Vec<(String, String)>,
}

/// Tokens from one authorization.
#[derive(Clone, Debug)]
pub(super) struct Grant {
    pub(super) issuer: String,
    pub(super) access_token: String,
    pub(super) refresh_token: Option<String>,
    /// The scopes asked for.
    pub(super) scopes: Vec<String>,
    /// Whether the access token came from the refresh token (a refused
    /// refreshed token sends the user through the full flow).
    pub(super) refreshed: bool,
    /// The key the token is bound to, for a DPoP token.
    pub(super) dpop: Option<Arc<DpopKey>>,
}

impl OAuth {
    /// Authorization through `authorizer`, with dynamic registration as
    /// `mcp-runtime client`.
    pub fn new(authorizer: impl Authorize) -> Self {
        let settings = Settings {
            client_name: "mcp-runtime client".into(),
            authorizer: Arc::new(authorizer),
            metadata_document: None,
            credentials: Vec::new(),
            offline_access: true,
            max_attempts: 3,
            machine: None,
        };
        OAuth { settings: Arc::new(settings), shared: Arc::default() }
    }

    /// Machine-to-machine authorization: the client credentials grant with
    /// `client_id` and `secret`, no user and no browser.
    pub fn client_credentials(client_id: impl Into<String>, secret: impl Into<String>) -> Self {
        OAuth::new(NoUser)
            .client_id(client_id, Some(secret.into()))
            .offline_access(false)
            .configure(|s| s.machine = Some(Machine::ClientCredentials))
    }

    /// Machine-to-machine authorization: the client credentials grant,
    /// the client authenticating with a JWT it signs with `private_key_pem`
    /// (a PKCS#8 P-256 key; `private_key_jwt` with ES256; feature `client-signing`).
    #[cfg(feature = "client-signing")]
    pub fn client_credentials_jwt(client_id: impl Into<String>, private_key_pem: impl Into<String>) -> Self {
        let mut credentials = Credentials::new(None, client_id.into(), None);
        credentials.private_key = Some(private_key_pem.into().into());
        OAuth::new(NoUser).offline_access(false).configure(|s| {
            s.credentials.push(credentials);
            s.machine = Some(Machine::ClientCredentials);
        })
    }

    /// Enterprise-managed authorization: `idp` trades the user's ID token
    /// for an identity assertion grant, which the client (`client_id` and
    /// `secret` at the MCP server's authorization server) presents with the
    /// JWT bearer grant. No browser.
    pub fn enterprise(client_id: impl Into<String>, secret: impl Into<String>, idp: IdentityProvider) -> Self {
        OAuth::new(NoUser)
            .client_id(client_id, Some(secret.into()))
            .offline_access(false)
            .configure(|s| s.machine = Some(Machine::Enterprise(Arc::new(idp))))
    }

    /// Machine-to-machine authorization with the JWT bearer grant (RFC
    /// 7523), for workload identity: `assertion` gives a fresh JWT from the
    /// workload's identity provider (say, read from a mounted token file)
    /// each time a token is needed. A public client: no secret.
    pub fn jwt_bearer(
        client_id: impl Into<String>,
        assertion: impl Fn() -> Result<String, AuthorizeError> + Send + Sync + 'static,
    ) -> Self {
        let source: Arc<dyn Fn() -> Result<String, AuthorizeError> + Send + Sync> = Arc::new(assertion);
        OAuth::new(NoUser)
            .client_id(client_id, None)
            .offline_access(false)
            .configure(|s| s.machine = Some(Machine::JwtBearer(source)))
    }

    fn configure(mut self, change: impl FnOnce(&mut Settings)) -> Self {
        change(Arc::make_mut(&mut self.settings));
        self
    }

    /// The name dynamic registration gives the client.
    pub fn client_name(self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.configure(|s| s.client_name = name)
    }

    /// Pre-registered credentials, used with any authorization server
    /// (a public client has no secret).
    pub fn client_id(self, client_id: impl Into<String>, secret: Option<String>) -> Self {
        let credentials = Credentials::new(None, client_id.into(), secret);
        self.configure(|s| s.credentials.push(credentials))
    }

    /// Pre-registered credentials for the authorization server `issuer` only.
    pub fn client_id_for(
        self,
        issuer: impl Into<String>,
        client_id: impl Into<String>,
        secret: Option<String>,
    ) -> Self {
        let credentials = Credentials::new(Some(issuer.into()), client_id.into(), secret);
        self.configure(|s| s.credentials.push(credentials))
    }

    /// The HTTPS URL of this client's metadata document, used as its
    /// client id where the server accepts Client ID Metadata Documents.
    pub fn client_metadata_url(self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.configure(|s| s.metadata_document = Some(url))
    }

    /// Whether to ask for `offline_access` (a refresh token) when the
    /// server offers it (default: yes).
    pub fn offline_access(self, wanted: bool) -> Self {
        self.configure(|s| s.offline_access = wanted)
    }

    /// How many authorizations in a row the server may refuse before the
    /// request fails (default 3).
    pub fn max_attempts(self, attempts: usize) -> Self {
        self.configure(|s| s.max_attempts = attempts.max(1))
    }

    /// The access token held for the server at `server_url`, if any.
    pub fn access_token(&self, server_url: &str) -> Option<String> {
        self.with_server(server_url, |auth| auth.grant.as_ref().map(|g| g.access_token.clone()))
    }

    /// The access token for `server` and the headers that present it for
    /// `method` on `uri`: `Authorization: Bearer`, or `Authorization: DPoP`
    /// with a fresh proof.
    pub(super) fn present(&self, server: &str, method: &str, uri: &hyper::Uri) -> Result<Presentation, OAuthError> {
        let held = self.with_server(server, |auth| {
            let grant = auth.grant.as_ref()?;
            Some((grant.access_token.clone(), grant.dpop.clone(), auth.dpop_nonce.clone()))
        });
        let Some((token, dpop, nonce)) = held else { return Ok(Presentation::default()) };
        let headers = match &dpop {
            None => vec![("Authorization".to_owned(), format!("Bearer {token}"))],
            Some(key) => vec![
                ("Authorization".to_owned(), format!("DPoP {token}")),
                ("DPoP".to_owned(), key.proof(method, &uri.to_string(), nonce.as_deref(), Some(&token))?),
            ],
        };
        Ok(Presentation { token: Some(token), headers })
    }

    /// Keeps the `DPoP-Nonce` `server` gave; whether it is a new one.
    pub(super) fn note_dpop_nonce(&self, server: &str, nonce: Option<String>) -> bool {
        self.with_server(server, |auth| {
            let changed = auth.dpop_nonce != nonce;
            auth.dpop_nonce = nonce;
            changed
        })
    }

    pub(super) fn with_server<T>(&self, server: &str, f: impl FnOnce(&mut ServerAuth) -> T) -> T {
        let mut servers = self.shared.servers.locked();
        f(servers.entry(server.to_owned()).or_default())
    }

    /// The DPoP key for `server`, if it binds tokens to one (and feature
    /// `client-signing` can make proofs).
    pub(super) fn dpop_key(&self, server: &discovery::ServerMetadata) -> Result<Option<Arc<DpopKey>>, OAuthError> {
        #[cfg(feature = "client-signing")]
        if server.takes_dpop() {
            let mut key = self.shared.dpop_key.locked();
            if key.is_none() {
                *key = Some(Arc::new(DpopKey::generate()?));
            }
            return Ok(key.clone());
        }
        let _ = server;
        Ok(None)
    }

    pub(super) fn identity(&self, issuer: &str) -> Option<ClientIdentity> {
        self.shared.identities.locked().get(issuer).cloned()
    }

    pub(super) fn remember_identity(&self, issuer: &str, identity: ClientIdentity) {
        self.shared.identities.locked().insert(issuer.to_owned(), identity);
    }
}

/// The authorizer of a client that acts for itself: never asked.
struct NoUser;

impl Authorize for NoUser {
    fn redirect_uri(&self) -> String {
        String::new()
    }

    fn authorize(&self, _url: String) -> AuthorizeFuture {
        Box::pin(async { Err("a client credentials client has no user to ask".into()) })
    }
}

impl std::fmt::Debug for OAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth")
            .field("client_name", &self.settings.client_name)
            .field("redirect_uri", &self.settings.authorizer.redirect_uri())
            .finish_non_exhaustive()
    }
}
