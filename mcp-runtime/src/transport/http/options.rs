//! [`HttpOptions`]: the settings of the HTTP transports.

use std::time::Duration;

/// Settings of the HTTP transports: where they answer, whom they accept,
/// and the limits that keep a server on an open network standing.
///
/// ```
/// use std::time::Duration;
/// use mcp_runtime::transport::http::HttpOptions;
///
/// let options = HttpOptions::default()
///     .path("/api/mcp")
///     .allowed_host("mcp.example.com")
///     .max_sessions(10_000)
///     .session_idle_timeout(Duration::from_secs(600));
/// assert_eq!(options.path, "/api/mcp");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HttpOptions {
    /// The Streamable HTTP endpoint (default `/mcp`).
    pub path: String,
    /// `Host` values accepted besides loopback names and IP addresses:
    /// `name` (any port), `name:port`, or `*` (any host: no DNS-rebinding
    /// check).
    pub allowed_hosts: Vec<String>,
    /// Browser `Origin` values accepted besides the server's own (the
    /// request's `Host`) and loopback origins: an origin such as
    /// `https://app.example.com`, or `*` (any). A request without `Origin`
    /// (not from a browser) is not checked.
    pub allowed_origins: Vec<String>,
    /// The most sessions of each kind (Streamable HTTP, legacy SSE,
    /// WebSocket) open at once (default 1,000). A new one evicts the
    /// longest idle.
    pub max_sessions: usize,
    /// Sessions idle for longer are dropped (default 30 minutes).
    pub session_idle_timeout: Duration,
    /// The largest request body (default 4 MiB); larger ones get 413.
    pub max_body_bytes: usize,
    /// How long a client may take to send a body (default 30 s); then 408.
    pub body_timeout: Duration,
    /// How long a client may take to send a request's headers, and how
    /// long an idle connection stays open (default 30 s).
    pub header_read_timeout: Duration,
    /// The largest request head, in bytes (default 32 KiB, at least 8 KiB);
    /// larger ones get 431.
    pub max_header_bytes: usize,
    /// The most TCP connections open at once (default 1,024); more are
    /// closed as soon as they are accepted. Standing streams (legacy SSE,
    /// a session's GET stream, WebSockets) take at most three quarters of
    /// them, so that new clients always find room.
    pub max_connections: usize,
    /// The most standing streams one peer address holds at once (default
    /// 64); more get 503. Behind a proxy every client has the proxy's
    /// address: raise it there.
    pub max_streams_per_peer: usize,
    /// How often a WebSocket is pinged (default 30 s); one that has sent
    /// nothing, not even a pong, for two intervals is closed.
    pub websocket_ping_interval: Duration,
    /// How long a graceful shutdown waits for calls in flight (default 10 s).
    pub shutdown_grace: Duration,
    /// The certificate chain and key to serve TLS with (feature `tls`).
    pub(crate) tls: Option<TlsFiles>,
    /// Serve WebSocket alone, not Streamable HTTP or legacy SSE.
    pub(crate) websocket_only: bool,
    /// The tokens requests must carry; `None`: open.
    pub(crate) authorization: Option<crate::authorization::Authorization>,
    pub(crate) session_store: Option<std::sync::Arc<dyn crate::store::SessionStore>>,
    pub(crate) notification_bus: Option<std::sync::Arc<dyn crate::store::NotificationBus>>,
    pub(crate) nonce_store: Option<std::sync::Arc<dyn crate::store::NonceStore>>,
    pub(crate) task_store: Option<std::sync::Arc<dyn crate::store::TaskStore>>,
    pub(crate) event_log: Option<std::sync::Arc<dyn crate::store::EventLog>>,
    #[cfg(feature = "metrics")]
    pub(crate) metrics: Option<std::net::SocketAddr>,
}

/// PEM files for TLS: the certificate chain, then the private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TlsFiles {
    pub(crate) cert: std::path::PathBuf,
    pub(crate) key: std::path::PathBuf,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            path: "/mcp".into(),
            allowed_hosts: Vec::new(),
            allowed_origins: Vec::new(),
            max_sessions: 1000,
            session_idle_timeout: Duration::from_secs(30 * 60),
            max_body_bytes: 4 * 1024 * 1024,
            body_timeout: Duration::from_secs(30),
            header_read_timeout: Duration::from_secs(30),
            max_header_bytes: 32 * 1024,
            max_connections: 1024,
            max_streams_per_peer: 64,
            websocket_ping_interval: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(10),
            tls: None,
            websocket_only: false,
            authorization: None,
            session_store: None,
            notification_bus: None,
            nonce_store: None,
            task_store: None,
            event_log: None,
            #[cfg(feature = "metrics")]
            metrics: None,
        }
    }
}

impl HttpOptions {
    /// Sets the Streamable HTTP endpoint.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Accepts `Host` values naming `host` (`name`, `name:port` or `*`).
    pub fn allowed_host(mut self, host: impl Into<String>) -> Self {
        self.allowed_hosts.push(host.into());
        self
    }

    /// Accepts requests with this `Origin` (or `*`: any).
    pub fn allowed_origin(mut self, origin: impl Into<String>) -> Self {
        self.allowed_origins.push(origin.into());
        self
    }

    /// Sets the most sessions of each kind open at once.
    pub fn max_sessions(mut self, max: usize) -> Self {
        self.max_sessions = max.max(1);
        self
    }

    /// Sets how long a session may stay idle.
    pub fn session_idle_timeout(mut self, idle: Duration) -> Self {
        self.session_idle_timeout = idle;
        self
    }

    /// Sets the largest request body.
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// Sets how long a client may take to send a body.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// Sets how long a client may take to send a request's headers.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// Sets the largest request head.
    pub fn max_header_bytes(mut self, max: usize) -> Self {
        self.max_header_bytes = max;
        self
    }

    /// Sets the most TCP connections open at once.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// Sets the most standing streams one peer address holds at once.
    pub fn max_streams_per_peer(mut self, max: usize) -> Self {
        self.max_streams_per_peer = max.max(1);
        self
    }

    /// Sets how often WebSockets are pinged.
    pub fn websocket_ping_interval(mut self, interval: Duration) -> Self {
        self.websocket_ping_interval = interval;
        self
    }

    /// Sets how long a graceful shutdown waits for calls in flight.
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// Serves HTTPS (and WSS) with the certificate chain in the PEM file
    /// `cert` and the private key in the PEM file `key` (feature `tls`, on
    /// rustls). The files are read when serving starts; an unreadable one
    /// stops it with an error naming the file.
    #[cfg(feature = "tls")]
    pub fn tls(mut self, cert: impl Into<std::path::PathBuf>, key: impl Into<std::path::PathBuf>) -> Self {
        self.tls = Some(TlsFiles { cert: cert.into(), key: key.into() });
        self
    }

    /// Serves the WebSocket transport alone (feature `server-websocket`): upgrades
    /// at `/` and at the endpoint path; plain HTTP requests get 426.
    /// Without this, WebSocket is served beside Streamable HTTP and legacy
    /// SSE on one port.
    #[cfg(feature = "server-websocket")]
    pub fn websocket_only(mut self) -> Self {
        self.websocket_only = true;
        self
    }

    /// Requires a bearer token on every request, as `authorization` says:
    /// 401 without one, 403 without the scopes a request needs, and the
    /// protected-resource metadata at `/.well-known/oauth-protected-resource`.
    pub fn authorization(mut self, authorization: crate::authorization::Authorization) -> Self {
        self.authorization = Some(authorization);
        self
    }

    /// Keeps session-era sessions in `store` (Redis, say), so that every
    /// instance that shares it serves every session: a load balancer needs
    /// no stickiness.
    pub fn session_store(mut self, store: impl crate::store::SessionStore) -> Self {
        self.session_store = Some(std::sync::Arc::new(store));
        self
    }

    /// Tells other instances of the notifications raised here, and delivers
    /// theirs to the streams open here, through `bus` (Redis pub/sub, say).
    pub fn notification_bus(mut self, bus: impl crate::store::NotificationBus) -> Self {
        self.notification_bus = Some(std::sync::Arc::new(bus));
        self
    }

    /// Serves Prometheus metrics at `http://addr/metrics`, on a listener
    /// of its own, and turns recording on.
    #[cfg(feature = "metrics")]
    pub fn metrics(mut self, addr: std::net::SocketAddr) -> Self {
        self.metrics = Some(addr);
        self
    }

    /// Keeps the spent 2026-07-28 `requestState` nonces in `store`, shared
    /// with the other instances, so that a state is accepted once in all
    /// (without it, once by each instance).
    pub fn nonce_store(mut self, store: impl crate::store::NonceStore) -> Self {
        self.nonce_store = Some(std::sync::Arc::new(store));
        self
    }

    /// Keeps task records (the Tasks extension) in `store`, so that any
    /// instance sharing it answers for a task another one runs (without
    /// it, each instance keeps its own in memory).
    pub fn task_store(mut self, store: impl crate::store::TaskStore) -> Self {
        self.task_store = Some(std::sync::Arc::new(store));
        self
    }

    /// Copies the events of session-era request streams to `log`, so that a
    /// client whose stream broke resumes it (`Last-Event-ID`) on any
    /// instance; a stream whose instance died ends with an error.
    pub fn event_log(mut self, log: impl crate::store::EventLog) -> Self {
        self.event_log = Some(std::sync::Arc::new(log));
        self
    }

    /// A browser's `Origin`: a page of the server itself (the request's
    /// `Host`), one on the loopback, or one listed.
    pub(crate) fn origin_allowed(&self, origin: &str, host: &str) -> bool {
        is_loopback_origin(origin)
            || is_same_origin(origin, host)
            || self.allowed_origins.iter().any(|o| o == "*" || o.eq_ignore_ascii_case(origin))
    }

    /// A `Host`: a loopback name, an IP address, or a name listed. DNS
    /// rebinding needs a name the attacker controls, so an IP address is
    /// never one; a name is served only when the server was told it.
    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        is_loopback_authority(host)
            || is_ip_literal(host)
            || self.allowed_hosts.iter().any(|allowed| host_matches(allowed, host))
    }

    /// Whether every `Host` is accepted.
    pub(crate) fn any_host(&self) -> bool {
        self.allowed_hosts.iter().any(|h| h == "*")
    }
}

/// Whether the `Host` value `host` matches the allowed entry `allowed`.
fn host_matches(allowed: &str, host: &str) -> bool {
    if allowed == "*" || allowed.eq_ignore_ascii_case(host) {
        return true;
    }
    let name = split_authority(host).0;
    let (allowed_name, allowed_port) = split_authority(allowed);
    allowed_port.is_none_or(|p| p == "*") && allowed_name.eq_ignore_ascii_case(name)
}

/// `host[:port]` into the host (brackets kept for IPv6) and the port.
fn split_authority(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.split_once("]:") {
            Some((host, port)) => (&authority[..host.len() + 1], Some(port)),
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => (host, Some(port)),
        _ => (authority, None),
    }
}

/// The `Origin` values allowed by default: loopback, any port, http or https.
fn is_loopback_origin(origin: &str) -> bool {
    let rest = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    rest.is_some_and(is_loopback_authority)
}

/// An origin whose authority is the request's own `Host`.
fn is_same_origin(origin: &str, host: &str) -> bool {
    let rest = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    !host.is_empty() && rest.is_some_and(|authority| authority.eq_ignore_ascii_case(host))
}

/// A `host[:port]` whose host is an IPv4 or a bracketed IPv6 address.
fn is_ip_literal(authority: &str) -> bool {
    let host = split_authority(authority).0;
    let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
    match bare {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => host.parse::<std::net::Ipv4Addr>().is_ok(),
    }
}

/// A `host[:port]` on the loopback interface.
fn is_loopback_authority(authority: &str) -> bool {
    let host = split_authority(authority).0;
    matches!(host.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "[::1]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses_and_same_origin_pages_are_recognised() {
        for ok in ["192.168.1.100:8765", "10.0.0.1", "[fe80::1]:80", "[::1]"] {
            assert!(is_ip_literal(ok), "{ok}");
        }
        for not in ["evil.example", "1.2.3.4.evil.example", "[nope]:80", "999.1.1.1", ""] {
            assert!(!is_ip_literal(not), "{not}");
        }
        assert!(is_same_origin("https://mcp.example.com", "mcp.example.com"));
        assert!(is_same_origin("http://192.168.1.100:8765", "192.168.1.100:8765"));
        assert!(!is_same_origin("https://evil.example", "192.168.1.100:8765"));
        assert!(!is_same_origin("null", ""));
    }

    #[test]
    fn loopback_is_recognised() {
        for ok in ["localhost", "localhost:8000", "127.0.0.1:1", "[::1]:80", "[::1]", "LOCALHOST"] {
            assert!(is_loopback_authority(ok), "{ok}");
        }
        for bad in ["evil.com", "127.0.0.1.evil.com", "localhost.evil.com:80", "::1"] {
            assert!(!is_loopback_authority(bad), "{bad}");
        }
        assert!(is_loopback_origin("http://localhost:3000"));
        assert!(!is_loopback_origin("https://evil.example"));
    }

    #[test]
    fn allowed_hosts_match_by_name_or_name_and_port() {
        let options = HttpOptions::default().allowed_host("mcp.example.com").allowed_host("api.example.com:8765");
        assert!(options.host_allowed("mcp.example.com"));
        assert!(options.host_allowed("MCP.example.com:443"));
        assert!(options.host_allowed("api.example.com:8765"));
        assert!(!options.host_allowed("api.example.com:9000"));
        assert!(!options.host_allowed("evil.example"));
        assert!(options.host_allowed("10.0.0.5:9000"), "an IP address is never a rebinding name");
        assert!(HttpOptions::default().allowed_host("*").host_allowed("anything:1"));
    }

    #[test]
    fn origins_match_exactly_or_by_star() {
        let options = HttpOptions::default().allowed_origin("https://app.example.com");
        assert!(options.origin_allowed("https://app.example.com", "mcp.example.com"));
        assert!(!options.origin_allowed("https://evil.example", "mcp.example.com"));
        assert!(options.origin_allowed("https://mcp.example.com", "mcp.example.com"), "the server's own page");
        assert!(HttpOptions::default().allowed_origin("*").origin_allowed("https://evil.example", "x"));
    }
}
