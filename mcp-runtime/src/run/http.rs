//! Serving over HTTP: from the command line's flags to [`HttpOptions`], and
//! the entry points that bind a socket or hand out a router.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use super::block_on;
use crate::cli::{AuthOptions, ServeOptions, TransportKind};
use crate::server::{BuildError, Server};
use crate::transport::http::HttpOptions;

impl Server {
    pub(super) fn block_on_http(self, options: ServeOptions) -> ExitCode {
        let addr = match resolve(&options.host, options.port) {
            Ok(addr) => addr,
            Err(e) => {
                eprintln!("error: cannot use --host {} --port {}: {e}", options.host, options.port);
                return ExitCode::from(2);
            }
        };
        let http = match http_options(options, addr) {
            Ok(http) => http,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        };
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder.enable_all();
        block_on(builder, self.serve_http(addr, http))
    }

    /// Serves Streamable HTTP (at `options.path`), legacy HTTP+SSE (at
    /// `/sse` and `/messages/`) on `addr` until SIGINT or SIGTERM.
    pub async fn serve_http(self, addr: SocketAddr, options: HttpOptions) -> std::io::Result<()> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        self.serve_http_on(listener, options).await
    }

    /// [`Server::serve_http`] on a socket already bound (port 0 in a test,
    /// say, or one handed over by a service manager).
    ///
    /// ```no_run
    /// # use mcp_runtime::prelude::*;
    /// # async fn example() -> std::io::Result<()> {
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    /// println!("port {}", listener.local_addr()?.port());
    /// Server::new("mine").serve_http_on(listener, Default::default()).await
    /// # }
    /// ```
    ///
    /// With a [`NonceStore`](crate::store::NonceStore) that shares a secret
    /// (Redis does) and no [`Server::request_state_key`], `requestState` is
    /// sealed with the store's secret, so that every instance on the store
    /// can take any round. If the store cannot be reached at start-up, the
    /// server still starts, with a key of its own, and says so in its log.
    pub async fn serve_http_on(
        mut self,
        listener: tokio::net::TcpListener,
        options: HttpOptions,
    ) -> std::io::Result<()> {
        if let Some(store) = options.nonce_store.as_ref().filter(|_| !self.has_request_state_key()) {
            match store.shared_secret().await {
                Ok(Some(secret)) => self = self.request_state_key(secret),
                Ok(None) => {}
                // The server still starts, and reports the store on /readyz.
                Err(error) => tracing::warn!(
                    "{error}: requestState is sealed with this instance's own key until it restarts, so another \
                     instance will refuse its rounds; give every instance --request-state-key to avoid this"
                ),
            }
        }
        let core = self.into_core().map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        crate::transport::http::serve(core, options, listener).await
    }

    /// The server as an axum `Router` (a tower `Service`), to mount next to
    /// your own routes and middleware.
    ///
    /// ```no_run
    /// # use mcp_runtime::prelude::*;
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// let mcp = Server::new("mounted").into_router(Default::default())?;
    /// let app = axum::Router::new().merge(mcp);
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
    /// axum::serve(listener, app).await?;
    /// # Ok(()) }
    /// ```
    pub fn into_router(self, options: HttpOptions) -> Result<axum::Router, BuildError> {
        let core = self.into_core()?;
        Ok(crate::transport::http::router(core, options, None)?.0)
    }
}

/// The transport's options from the command line. On every bind, `Host`
/// must be a loopback name, an IP address or a name `--allowed-host`
/// lists, and a browser's `Origin` the server's own, a loopback one, or
/// one `--allowed-origin` lists.
fn http_options(options: ServeOptions, addr: SocketAddr) -> Result<HttpOptions, SetupError> {
    let mut http = HttpOptions::default().path(options.path);
    http = with_tls(http, options.tls_cert, options.tls_key)?;
    if addr.ip().is_unspecified() && options.auth.issuer.is_some() && options.auth.audiences.is_empty() {
        let named = options.allowed_hosts.iter().any(|h| h != "*");
        if !named {
            return Err(SetupError::Misused(
                "on a wildcard bind the server cannot tell which URL clients use, so it cannot check a token's \
                 audience: give it with --auth-audience (MCP_AUTH_AUDIENCE), or name the host with --allowed-host",
            ));
        }
    }
    http = with_auth(http, options.auth)?;
    http = with_store(http, options.redis.as_deref())?;
    http = with_metrics(http, options.metrics_port, options.metrics_host.as_deref(), addr)?;
    if options.transport == TransportKind::WebSocket {
        http = websocket_only(http)?;
    }
    http.allowed_hosts = options.allowed_hosts;
    http.allowed_origins = options.allowed_origins;
    Ok(http)
}

#[cfg(feature = "server-websocket")]
fn websocket_only(http: HttpOptions) -> Result<HttpOptions, SetupError> {
    Ok(http.websocket_only())
}

#[cfg(not(feature = "server-websocket"))]
fn websocket_only(_: HttpOptions) -> Result<HttpOptions, SetupError> {
    Err(SetupError::NeedsFeature { what: "--transport websocket", feature: "server-websocket" })
}

/// `--auth-issuer` and its companions: JWTs from that issuer, checked
/// against its published keys.
#[cfg(feature = "server-auth")]
fn with_auth(http: HttpOptions, auth: AuthOptions) -> Result<HttpOptions, SetupError> {
    use crate::authorization::Authorization;
    let Some(issuer) = auth.issuer else { return unused_auth_flags(http, &auth) };
    let mut verifier = crate::authorization::JwtVerifier::new(issuer.clone());
    if let Some(jwks) = auth.jwks {
        verifier = verifier.jwks_uri(jwks);
    }
    let mut authorization = Authorization::new(verifier).authorization_server(issuer);
    for audience in auth.audiences {
        authorization = authorization.audience(audience);
    }
    for scope in auth.scopes {
        authorization = authorization.require_scope(scope);
    }
    Ok(http.authorization(authorization))
}

#[cfg(not(feature = "server-auth"))]
fn with_auth(http: HttpOptions, auth: AuthOptions) -> Result<HttpOptions, SetupError> {
    if auth.issuer.is_some() {
        return Err(SetupError::NeedsFeature { what: "--auth-issuer", feature: "server-auth" });
    }
    unused_auth_flags(http, &auth)
}

/// `--auth-audience`, `--auth-scope` or `--auth-jwks` without an issuer
/// would protect nothing: say so rather than serve in the open.
fn unused_auth_flags(http: HttpOptions, auth: &AuthOptions) -> Result<HttpOptions, SetupError> {
    if auth.audiences.is_empty() && auth.scopes.is_empty() && auth.jwks.is_none() {
        Ok(http)
    } else {
        Err(SetupError::Misused("--auth-audience, --auth-scope and --auth-jwks need --auth-issuer (MCP_AUTH_ISSUER)"))
    }
}

/// `--redis URL`: session-era sessions, tasks, request streams, spent
/// `requestState` nonces and notifications shared through Redis.
#[cfg(feature = "redis")]
fn with_store(http: HttpOptions, redis: Option<&str>) -> Result<HttpOptions, SetupError> {
    match redis {
        Some(url) => {
            let redis = crate::store::RedisStore::new(url).map_err(SetupError::Redis)?;
            let redis = std::sync::Arc::new(redis.max_sessions(http.max_sessions));
            let http = http.session_store(std::sync::Arc::clone(&redis)).nonce_store(std::sync::Arc::clone(&redis));
            let http = http.task_store(std::sync::Arc::clone(&redis));
            Ok(http.event_log(std::sync::Arc::clone(&redis)).notification_bus(redis))
        }
        None => Ok(http),
    }
}

#[cfg(not(feature = "redis"))]
fn with_store(http: HttpOptions, redis: Option<&str>) -> Result<HttpOptions, SetupError> {
    match redis {
        Some(_) => Err(SetupError::NeedsFeature { what: "--redis", feature: "redis" }),
        None => Ok(http),
    }
}

/// `--metrics-port`: Prometheus metrics on that port of the same host.
#[cfg(feature = "metrics")]
fn with_metrics(
    http: HttpOptions,
    port: Option<u16>,
    host: Option<&str>,
    addr: SocketAddr,
) -> Result<HttpOptions, SetupError> {
    let Some(port) = port else { return Ok(http) };
    let metrics = resolve(host.unwrap_or("127.0.0.1"), port).map_err(SetupError::MetricsHost)?;
    let same_socket = metrics.port() == addr.port() && (metrics.ip() == addr.ip() || addr.ip().is_unspecified());
    if same_socket && port != 0 {
        return Err(SetupError::MetricsOnMcpPort(port));
    }
    Ok(http.metrics(metrics))
}

#[cfg(not(feature = "metrics"))]
fn with_metrics(
    http: HttpOptions,
    port: Option<u16>,
    _: Option<&str>,
    _: SocketAddr,
) -> Result<HttpOptions, SetupError> {
    match port {
        Some(_) => Err(SetupError::NeedsFeature { what: "--metrics-port", feature: "metrics" }),
        None => Ok(http),
    }
}

/// `--tls-cert` and `--tls-key`: both, or neither.
fn with_tls(http: HttpOptions, cert: Option<PathBuf>, key: Option<PathBuf>) -> Result<HttpOptions, SetupError> {
    match (cert, key) {
        (None, None) => Ok(http),
        #[cfg(feature = "tls")]
        (Some(cert), Some(key)) => Ok(http.tls(cert, key)),
        #[cfg(not(feature = "tls"))]
        (Some(_), Some(_)) => Err(SetupError::NeedsFeature { what: "--tls-cert and --tls-key", feature: "tls" }),
        _ => Err(SetupError::Misused("--tls-cert and --tls-key go together: give both, or neither")),
    }
}

/// Why the flags do not make a working HTTP set-up; shown as `error: ..`.
#[derive(Debug)]
enum SetupError {
    /// A flag whose feature this build was compiled without.
    #[cfg_attr(
        all(
            feature = "server-websocket",
            feature = "server-auth",
            feature = "redis",
            feature = "metrics",
            feature = "tls"
        ),
        allow(dead_code)
    )]
    NeedsFeature { what: &'static str, feature: &'static str },
    /// Flags that do not go together, or one that needs another.
    Misused(&'static str),
    /// `--redis` names no usable Redis.
    #[cfg(feature = "redis")]
    Redis(crate::store::StoreError),
    /// `--metrics-host` does not resolve.
    #[cfg(feature = "metrics")]
    MetricsHost(std::io::Error),
    /// `--metrics-port` is the MCP port on the same address.
    #[cfg(feature = "metrics")]
    MetricsOnMcpPort(u16),
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::NeedsFeature { what, feature } => {
                write!(f, "{what} needs mcp-runtime's `{feature}` feature, which this build lacks")
            }
            SetupError::Misused(why) => f.write_str(why),
            #[cfg(feature = "redis")]
            SetupError::Redis(e) => e.fmt(f),
            #[cfg(feature = "metrics")]
            SetupError::MetricsHost(e) => write!(f, "--metrics-host: {e}"),
            #[cfg(feature = "metrics")]
            SetupError::MetricsOnMcpPort(port) => {
                write!(f, "--metrics-port {port} is the MCP port; give metrics a port of their own")
            }
        }
    }
}

fn resolve(host: &str, port: u16) -> std::io::Result<SocketAddr> {
    use std::net::ToSocketAddrs;
    (host, port).to_socket_addrs()?.next().ok_or_else(|| std::io::Error::other("the host resolves to no address"))
}
