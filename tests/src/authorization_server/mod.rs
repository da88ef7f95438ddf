//! An OAuth 2.1 authorization server for tests, on a real socket on
//! 127.0.0.1: RFC 8414 and OpenID Connect metadata, a JWKS (RS256 with key
//! rotation, ES256, EdDSA), dynamic client registration (RFC 7591), an
//! authorization endpoint that approves at once, a token endpoint
//! (authorization code with PKCE S256, refresh, client credentials; the
//! audience is the RFC 8707 `resource`), and RFC 7662 introspection.
//!
//! Tests also mint tokens directly, well-formed or not, with [`TokenBuilder`].

mod keys;
mod routes;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

pub use keys::KeyChoice;
use keys::Keys;

/// What a grant (a code or a refresh token) stands for.
#[derive(Debug, Clone)]
struct Grant {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    scope: String,
    resource: Option<String>,
    subject: String,
}

/// A registered client.
#[derive(Debug, Clone)]
struct RegisteredClient {
    secret: Option<String>,
}

/// The server's mutable state, and what tests read back.
#[derive(Default)]
struct Books {
    rotated: bool,
    clients: HashMap<String, RegisteredClient>,
    codes: HashMap<String, Grant>,
    refresh_tokens: HashMap<String, Grant>,
    /// The `resource` of each token request.
    resources: Vec<Option<String>>,
    /// The scopes asked for at the authorization endpoint, in order.
    authorized_scopes: Vec<String>,
    jwks_fetches: usize,
    introspections: usize,
    issued: usize,
}

struct Inner {
    issuer: String,
    keys: Keys,
    /// Who logs in at the authorization endpoint.
    subject: Mutex<String>,
    books: Mutex<Books>,
}

impl Inner {
    fn books(&self) -> std::sync::MutexGuard<'_, Books> {
        self.books.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn next_id(&self, prefix: &str) -> String {
        let mut books = self.books();
        books.issued += 1;
        format!("{prefix}-{}-{}", books.issued, now())
    }
}

/// The running authorization server. Dropping it stops it.
pub struct AuthorizationServer {
    inner: Arc<Inner>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for AuthorizationServer {
    fn drop(&mut self) {
        // Not a blocking shutdown: an async test may drop it.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl AuthorizationServer {
    /// Starts on a free port of 127.0.0.1, on a runtime of its own, so
    /// blocking and async tests can use it alike.
    pub fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the authorization server");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("the authorization server binds");
        listener.set_nonblocking(true).expect("a non-blocking socket");
        let port = listener.local_addr().expect("a local address").port();
        let inner = Arc::new(Inner {
            issuer: format!("http://127.0.0.1:{port}"),
            keys: Keys::load(),
            subject: Mutex::new("alice".into()),
            books: Mutex::default(),
        });
        let app = routes::router(Arc::clone(&inner));
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            axum::serve(listener, app).await
        });
        AuthorizationServer { inner, runtime: Some(runtime) }
    }

    /// Its issuer URL (`http://127.0.0.1:PORT`).
    pub fn issuer(&self) -> &str {
        &self.inner.issuer
    }

    /// The JWKS URL.
    pub fn jwks_uri(&self) -> String {
        format!("{}/jwks", self.inner.issuer)
    }

    /// A token for `subject`, issued for `audience` (a resource URL).
    pub fn token(&self, subject: &str, audience: &str) -> TokenBuilder {
        TokenBuilder::new(Arc::clone(&self.inner), subject, Some(json!(audience)))
    }

    /// Retires the first RSA key and publishes (and signs with) a new one
    /// under a new `kid`.
    pub fn rotate(&self) {
        self.inner.books().rotated = true;
    }

    /// Who logs in at the authorization endpoint from now on.
    pub fn log_in_as(&self, subject: &str) {
        *self.inner.subject.lock().unwrap_or_else(PoisonError::into_inner) = subject.into();
    }

    /// Registers a confidential client (for the client credentials grant).
    pub fn register_client(&self, client_id: &str, secret: &str) {
        let client = RegisteredClient { secret: Some(secret.into()) };
        self.inner.books().clients.insert(client_id.into(), client);
    }

    /// How often the JWKS was fetched.
    pub fn jwks_fetches(&self) -> usize {
        self.inner.books().jwks_fetches
    }

    /// How often a token was introspected.
    pub fn introspections(&self) -> usize {
        self.inner.books().introspections
    }

    /// The `resource` of each token request so far.
    pub fn token_resources(&self) -> Vec<Option<String>> {
        self.inner.books().resources.clone()
    }

    /// The `scope` of each authorization request so far.
    pub fn authorized_scopes(&self) -> Vec<String> {
        self.inner.books().authorized_scopes.clone()
    }
}

/// A token to mint, with every way to get it wrong.
pub struct TokenBuilder {
    inner: Arc<Inner>,
    claims: serde_json::Map<String, Value>,
    key: KeyChoice,
    unsigned: bool,
    typ: Option<String>,
}

impl TokenBuilder {
    fn new(inner: Arc<Inner>, subject: &str, audience: Option<Value>) -> Self {
        let now = now();
        let mut claims = serde_json::Map::new();
        claims.insert("iss".into(), json!(inner.issuer));
        claims.insert("sub".into(), json!(subject));
        if let Some(audience) = audience {
            claims.insert("aud".into(), audience);
        }
        claims.insert("iat".into(), json!(now));
        claims.insert("nbf".into(), json!(now));
        claims.insert("exp".into(), json!(now + 3600));
        claims.insert("client_id".into(), json!("test-client"));
        // RFC 9068's type for JWT access tokens.
        TokenBuilder { inner, claims, key: KeyChoice::Rsa, unsigned: false, typ: Some("at+jwt".into()) }
    }

    /// Space-separated scopes.
    pub fn scope(self, scope: &str) -> Self {
        self.claim("scope", json!(scope))
    }

    /// Another issuer than this server.
    pub fn issuer(self, issuer: &str) -> Self {
        self.claim("iss", json!(issuer))
    }

    /// Expired ten minutes ago (beyond any leeway).
    pub fn expired(self) -> Self {
        let exp = now() - 600;
        self.claim("exp", json!(exp)).claim("iat", json!(exp - 3600)).claim("nbf", json!(exp - 3600))
    }

    /// Valid from ten minutes on.
    pub fn not_yet_valid(self) -> Self {
        self.claim("nbf", json!(now() + 600))
    }

    /// Lives `seconds` from now.
    pub fn lifetime(self, seconds: u64) -> Self {
        self.claim("exp", json!(now() + seconds))
    }

    /// Any claim.
    pub fn claim(mut self, name: &str, value: Value) -> Self {
        self.claims.insert(name.into(), value);
        self
    }

    /// Without a claim.
    pub fn without(mut self, name: &str) -> Self {
        self.claims.remove(name);
        self
    }

    /// Signed with another key (ES256, EdDSA, or a forger's).
    pub fn key(mut self, key: KeyChoice) -> Self {
        self.key = key;
        self
    }

    /// With another `typ` in the header (`None`: without one).
    pub fn typ(mut self, typ: Option<&str>) -> Self {
        self.typ = typ.map(str::to_owned);
        self
    }

    /// With `alg: none` and no signature.
    pub fn unsigned(mut self) -> Self {
        self.unsigned = true;
        self
    }

    /// The compact JWT.
    pub fn sign(self) -> String {
        let claims = Value::Object(self.claims);
        if self.unsigned {
            return keys::unsigned(&claims);
        }
        let rotated = self.inner.books().rotated;
        keys::sign(self.inner.keys.pick(self.key, rotated), &claims, self.typ.as_deref())
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}
