//! What the command line yields: the options to serve with, the command,
//! and why a command line was refused.

use std::fmt;
use std::path::PathBuf;

/// Why the command line was refused; shown before `--help`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UsageError {
    /// A flag no table holds.
    UnknownArgument(String),
    /// A flag that takes a value was last, with none.
    MissingValue(&'static str),
    /// A value that does not parse, with what it should be.
    BadValue(String),
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::UnknownArgument(arg) => write!(f, "unknown argument `{arg}`"),
            UsageError::MissingValue(flag) => write!(f, "{flag} needs a value"),
            UsageError::BadValue(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for UsageError {}

/// The transport to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TransportKind {
    /// JSON-RPC over stdin and stdout.
    Stdio,
    /// Legacy HTTP+SSE (2024-11-05).
    Sse,
    /// Streamable HTTP.
    Http,
    /// WebSocket, one session per socket.
    WebSocket,
}

impl TransportKind {
    pub(super) fn parse(s: &str) -> Result<Self, UsageError> {
        match s {
            "stdio" => Ok(Self::Stdio),
            "sse" => Ok(Self::Sse),
            "http" | "streamable-http" => Ok(Self::Http),
            "websocket" | "ws" => Ok(Self::WebSocket),
            other => Err(UsageError::BadValue(format!(
                "unknown transport `{other}`; expected stdio, sse, http or websocket"
            ))),
        }
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Stdio => "stdio",
            Self::Sse => "sse",
            Self::Http => "http",
            Self::WebSocket => "websocket",
        })
    }
}

/// Where and how to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServeOptions {
    /// The transport.
    pub transport: TransportKind,
    /// The address to bind for HTTP transports.
    pub host: String,
    /// The port for HTTP transports.
    pub port: u16,
    /// The endpoint path for Streamable HTTP.
    pub path: String,
    /// `Host` values to accept besides loopback names (`*`: any).
    pub allowed_hosts: Vec<String>,
    /// `Origin` values to accept besides loopback origins (`*`: any).
    pub allowed_origins: Vec<String>,
    /// The PEM certificate chain to serve TLS with.
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key to serve TLS with.
    pub tls_key: Option<PathBuf>,
    /// How bearer tokens are checked (`--auth-*`).
    pub auth: AuthOptions,
    /// The secret 2026-07-28 `requestState` is sealed with, shared by the
    /// instances behind a load balancer (`--request-state-key`).
    pub request_state_key: Option<String>,
    /// Where session-era sessions are shared (`--redis`).
    pub redis: Option<String>,
    /// The port Prometheus metrics are served on, at `/metrics`
    /// (`--metrics-port`).
    pub metrics_port: Option<u16>,
    /// The address metrics are served on (`--metrics-host`; default
    /// 127.0.0.1, whatever `--host` is: they are for the operator).
    pub metrics_host: Option<String>,
    /// The network-only flags given on the command line (not by variables).
    pub(super) network_flags: Vec<&'static str>,
}

impl ServeOptions {
    /// The flags given that only a network transport uses: with stdio,
    /// an error rather than silently nothing.
    pub(crate) fn network_only_flags(&self) -> &[&'static str] {
        &self.network_flags
    }
}

/// The `--auth-*` flags: the authorization server whose JWTs the server
/// accepts, and what it requires of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AuthOptions {
    /// The issuer URL (`--auth-issuer`); none means no authorization.
    pub issuer: Option<String>,
    /// Resource URLs tokens must be issued for (`--auth-audience`);
    /// empty means the server's own URL.
    pub audiences: Vec<String>,
    /// Scopes every request needs (`--auth-scope`).
    pub scopes: Vec<String>,
    /// The JWKS URL, instead of discovering it (`--auth-jwks`).
    pub jwks: Option<String>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            transport: TransportKind::Stdio,
            host: "127.0.0.1".into(),
            port: 8000,
            path: "/mcp".into(),
            allowed_hosts: Vec::new(),
            allowed_origins: Vec::new(),
            tls_cert: None,
            tls_key: None,
            auth: AuthOptions::default(),
            request_state_key: None,
            redis: None,
            metrics_port: None,
            metrics_host: None,
            network_flags: Vec::new(),
        }
    }
}

/// What the command line asks for.
// Parsed once per process: the size of the options does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    /// Serve with these options.
    Serve(ServeOptions),
    /// Print the manifest and exit.
    Inspect,
    /// Print usage and exit.
    Help,
    /// Print the version and exit.
    Version,
}
