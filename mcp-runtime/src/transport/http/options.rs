//! [`HttpOptions`]: the settings of the HTTP transports.

use std::time::Duration;

/// Settings of the HTTP transports.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// The Streamable HTTP endpoint (default `/mcp`).
    pub path: String,
    /// Extra `Host` values to accept, besides loopback names (`host[:port]`).
    pub allowed_hosts: Vec<String>,
    /// Extra `Origin` values to accept, besides loopback origins.
    pub allowed_origins: Vec<String>,
    /// The most session-era sessions open at once (default 1,000).
    pub max_sessions: usize,
    /// Sessions idle for longer are dropped (default 30 minutes).
    pub session_idle_timeout: Duration,
    /// The largest request body (default 4 MiB); larger ones get 413.
    pub max_body_bytes: usize,
    /// How long a client may take to send a body (default 30 s); then 408.
    pub body_timeout: Duration,
    /// How long a graceful shutdown waits for calls in flight (default 10 s).
    pub shutdown_grace: Duration,
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
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

impl HttpOptions {
    pub(crate) fn origin_allowed(&self, origin: &str) -> bool {
        is_loopback_origin(origin) || self.allowed_origins.iter().any(|o| o == origin)
    }

    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        is_loopback_authority(host)
            || self.allowed_hosts.iter().any(|h| h == host || host.split(':').next() == Some(h.as_str()))
    }
}

/// The `Origin` values allowed by default: loopback, any port, http or https.
fn is_loopback_origin(origin: &str) -> bool {
    let rest = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    rest.is_some_and(is_loopback_authority)
}

/// A `host[:port]` on the loopback interface.
fn is_loopback_authority(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_recognised() {
        for ok in ["localhost", "localhost:8000", "127.0.0.1:1", "[::1]:80"] {
            assert!(is_loopback_authority(ok), "{ok}");
        }
        for bad in ["evil.com", "127.0.0.1.evil.com", "localhost.evil.com:80"] {
            assert!(!is_loopback_authority(bad), "{bad}");
        }
        assert!(is_loopback_origin("http://localhost:3000"));
        assert!(!is_loopback_origin("https://evil.example"));
    }
}
