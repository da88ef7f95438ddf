//! The command line that [`Server::run`](crate::server::Server::run) understands.
//!
//! Each flag also has an environment variable (`MCP_TRANSPORT`, `MCP_HOST`,
//! `MCP_PORT`, `MCP_PATH`, `MCP_ALLOWED_HOSTS`, `MCP_ALLOWED_ORIGINS`,
//! `MCP_TLS_CERT`, `MCP_TLS_KEY`, `MCP_AUTH_ISSUER`, `MCP_AUTH_AUDIENCE`,
//! `MCP_AUTH_SCOPES`, `MCP_AUTH_JWKS`, `MCP_REQUEST_STATE_KEY`, `MCP_REDIS_URL`,
//! `MCP_METRICS_PORT`); the flag wins, and an empty variable counts as
//! unset. Lists in variables are separated by commas.

use std::fmt;
use std::path::PathBuf;

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
    fn parse(s: &str) -> Result<Self, String> {
        match s {
            "stdio" => Ok(Self::Stdio),
            "sse" => Ok(Self::Sse),
            "http" | "streamable-http" => Ok(Self::Http),
            "websocket" | "ws" => Ok(Self::WebSocket),
            other => Err(format!("unknown transport `{other}`; expected stdio, sse, http or websocket")),
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
    network_flags: Vec<&'static str>,
}

impl ServeOptions {
    /// The flags given that only a network transport uses: with stdio,
    /// an error rather than silently nothing.
    pub(crate) fn network_only_flags(&self) -> &[&'static str] {
        &self.network_flags
    }

    /// The variables that set what only a network transport uses, where
    /// no flag did: with stdio, ignored with a warning (a container may
    /// set them for every command it runs).
    pub(crate) fn network_only_variables(&self) -> Vec<&'static str> {
        let by_variable = |(flag, _, is_set): &&NetworkOnly| is_set(self) && !self.network_flags.contains(flag);
        NETWORK_ONLY.iter().filter(by_variable).map(|(_, variable, _)| *variable).collect()
    }
}

/// A setting only a network transport uses: its flag, its variable, and
/// whether it is set.
type NetworkOnly = (&'static str, &'static str, fn(&ServeOptions) -> bool);

/// What only a network transport uses.
const NETWORK_ONLY: [NetworkOnly; 5] = [
    ("--tls-cert", "MCP_TLS_CERT", |o| o.tls_cert.is_some()),
    ("--tls-key", "MCP_TLS_KEY", |o| o.tls_key.is_some()),
    ("--redis", "MCP_REDIS_URL", |o| o.redis.is_some()),
    ("--metrics-port", "MCP_METRICS_PORT", |o| o.metrics_port.is_some()),
    ("--metrics-host", "MCP_METRICS_HOST", |o| o.metrics_host.is_some()),
];

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

/// Parses arguments (without the program name), with environment fallbacks.
pub(crate) fn parse(args: &[String]) -> Result<Command, String> {
    // An empty variable counts as unset.
    parse_with_env(args, |key| std::env::var(key).ok().filter(|v| !v.is_empty()))
}

fn parse_with_env(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Command, String> {
    let mut options = ServeOptions::default();
    apply_env(&mut options, &env)?;
    // A list given by flags replaces the one from the environment.
    let mut listed = ListFlags::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        if let Some(&(network_only, _, _)) = NETWORK_ONLY.iter().find(|(f, _, _)| *f == flag) {
            if !options.network_flags.contains(&network_only) {
                options.network_flags.push(network_only);
            }
        }
        let mut value = || inline.clone().or_else(|| iter.next().cloned()).ok_or(format!("{flag} needs a value"));
        match flag {
            "--help" | "-h" => return Ok(Command::Help),
            "--version" | "-V" => return Ok(Command::Version),
            "--inspect" => return Ok(Command::Inspect),
            "--transport" => options.transport = TransportKind::parse(&value()?)?,
            "--host" => options.host = value()?,
            "--port" => options.port = parse_port(&value()?)?,
            "--path" => options.path = parse_path(value()?)?,
            "--allowed-host" => listed.push(&mut options.allowed_hosts, 0, value()?),
            "--allowed-origin" => listed.push(&mut options.allowed_origins, 1, value()?),
            "--tls-cert" => options.tls_cert = Some(value()?.into()),
            "--tls-key" => options.tls_key = Some(value()?.into()),
            "--auth-issuer" => options.auth.issuer = Some(value()?),
            "--auth-audience" => listed.push(&mut options.auth.audiences, 2, value()?),
            "--auth-scope" => listed.push(&mut options.auth.scopes, 3, value()?),
            "--auth-jwks" => options.auth.jwks = Some(value()?),
            "--request-state-key" => options.request_state_key = Some(value()?),
            "--redis" => options.redis = Some(value()?),
            "--metrics-port" => options.metrics_port = Some(parse_port(&value()?)?),
            "--metrics-host" => options.metrics_host = Some(value()?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Command::Serve(options))
}

fn apply_env(options: &mut ServeOptions, env: impl Fn(&str) -> Option<String>) -> Result<(), String> {
    if let Some(t) = env("MCP_TRANSPORT") {
        options.transport = TransportKind::parse(&t)?;
    }
    if let Some(h) = env("MCP_HOST") {
        options.host = h;
    }
    if let Some(p) = env("MCP_PORT") {
        options.port = parse_port(&p)?;
    }
    if let Some(p) = env("MCP_PATH") {
        options.path = parse_path(p)?;
    }
    if let Some(hosts) = env("MCP_ALLOWED_HOSTS") {
        options.allowed_hosts = split_list(&hosts);
    }
    if let Some(origins) = env("MCP_ALLOWED_ORIGINS") {
        options.allowed_origins = split_list(&origins);
    }
    options.tls_cert = env("MCP_TLS_CERT").map(PathBuf::from);
    options.tls_key = env("MCP_TLS_KEY").map(PathBuf::from);
    options.auth.issuer = env("MCP_AUTH_ISSUER");
    options.auth.audiences = env("MCP_AUTH_AUDIENCE").map(|a| split_list(&a)).unwrap_or_default();
    options.auth.scopes = env("MCP_AUTH_SCOPES").map(|s| split_list(&s)).unwrap_or_default();
    options.auth.jwks = env("MCP_AUTH_JWKS");
    options.request_state_key = env("MCP_REQUEST_STATE_KEY");
    options.redis = env("MCP_REDIS_URL");
    options.metrics_port = env("MCP_METRICS_PORT").map(|p| parse_port(&p)).transpose()?;
    options.metrics_host = env("MCP_METRICS_HOST");
    Ok(())
}

/// Which repeatable flags have been seen: the first one clears the list
/// the environment gave.
#[derive(Default)]
struct ListFlags([bool; 4]);

impl ListFlags {
    fn push(&mut self, list: &mut Vec<String>, which: usize, value: String) {
        if !std::mem::replace(&mut self.0[which], true) {
            list.clear();
        }
        list.push(value);
    }
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn parse_port(s: &str) -> Result<u16, String> {
    s.parse().map_err(|_| format!("invalid port `{s}`: expected a number from 0 to 65535"))
}

fn parse_path(p: String) -> Result<String, String> {
    if p.starts_with('/') {
        Ok(p)
    } else {
        Err(format!("invalid path `{p}`: it must start with `/`"))
    }
}

/// The `--help` text.
pub(crate) fn usage(program: &str) -> String {
    format!(
        "Usage: {program} [OPTIONS]\n\n\
         Options:\n  \
         --transport <stdio|sse|http|websocket>\n                                \
         Transport to serve; http also serves sse and WebSocket on its port [default: stdio] [env: MCP_TRANSPORT]\n  \
         --host <HOST>                 Address to bind for HTTP [default: 127.0.0.1] [env: MCP_HOST]\n  \
         --port <PORT>                 Port for HTTP [default: 8000] [env: MCP_PORT]\n  \
         --path <PATH>                 Streamable HTTP endpoint [default: /mcp] [env: MCP_PATH]\n  \
         --allowed-host <HOST>         Accept this Host name: name, name:port or * (repeatable)\n                                \
         [default: loopback names and IP addresses] [env: MCP_ALLOWED_HOSTS]\n  \
         --allowed-origin <ORIGIN>     Accept pages of this browser Origin, or * (repeatable)\n                                \
         [default: the server's own and loopback ones] [env: MCP_ALLOWED_ORIGINS]\n  \
         --tls-cert <PEM>              Serve HTTPS and WSS with this certificate chain [env: MCP_TLS_CERT]\n  \
         --tls-key <PEM>               ... and this private key [env: MCP_TLS_KEY]\n  \
         --auth-issuer <URL>           Require bearer JWTs from this authorization server [env: MCP_AUTH_ISSUER]\n  \
         --auth-audience <URL>         Resource URL tokens must be issued for (repeatable)\n                                \
         [default: the server's own URL] [env: MCP_AUTH_AUDIENCE]\n  \
         --auth-scope <SCOPE>          Scope every request needs (repeatable) [env: MCP_AUTH_SCOPES]\n  \
         --auth-jwks <URL>             The issuer's JWKS, instead of discovering it [env: MCP_AUTH_JWKS]\n  \
         --request-state-key <SECRET>  Seal 2026-07-28 requestState with this secret (32+ bytes), shared by every\n                                \
         instance behind a load balancer [default: random per process] [env: MCP_REQUEST_STATE_KEY]\n  \
         --redis <URL>                 Share session-era sessions through Redis (redis://host:port)\n                                \
         [env: MCP_REDIS_URL]\n  \
         --metrics-port <PORT>         Serve Prometheus metrics at /metrics on this port [env: MCP_METRICS_PORT]\n  \
         --metrics-host <HOST>         ... on this address [default: 127.0.0.1] [env: MCP_METRICS_HOST]\n  \
         --inspect                     Print the server's manifest as JSON and exit\n  \
         -h, --help                    Print this help\n  \
         -V, --version                 Print the server's version"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn parses_flags_in_both_forms() {
        let cmd = parse_with_env(&args(&["--transport=sse", "--port", "9000", "--host", "0.0.0.0"]), no_env);
        let expected =
            ServeOptions { transport: TransportKind::Sse, port: 9000, host: "0.0.0.0".into(), ..Default::default() };
        assert_eq!(cmd, Ok(Command::Serve(expected)));
    }

    #[test]
    fn environment_is_a_fallback() {
        let env = |k: &str| (k == "MCP_PORT").then(|| "1234".to_owned());
        let Ok(Command::Serve(o)) = parse_with_env(&args(&[]), env) else { panic!("serve") };
        assert_eq!(o.port, 1234);
        let Ok(Command::Serve(o)) = parse_with_env(&args(&["--port", "1"]), env) else { panic!("serve") };
        assert_eq!(o.port, 1);
    }

    #[test]
    fn rejects_bad_input_with_a_message() {
        assert_eq!(parse_with_env(&args(&["--bogus"]), no_env), Err("unknown argument `--bogus`".into()));
        assert!(parse_with_env(&args(&["--port", "x"]), no_env).is_err());
        assert!(parse_with_env(&args(&["--transport", "grpc"]), no_env).is_err());
        assert!(parse_with_env(&args(&["--port"]), no_env).is_err());
    }

    #[test]
    fn repeated_flags_build_a_list_that_replaces_the_environment() {
        let env = |k: &str| (k == "MCP_ALLOWED_HOSTS").then(|| "a.example, b.example".to_owned());
        let Ok(Command::Serve(o)) = parse_with_env(&args(&[]), env) else { panic!("serve") };
        assert_eq!(o.allowed_hosts, ["a.example", "b.example"]);
        let flags = args(&["--allowed-host", "c.example", "--allowed-host=d.example", "--allowed-origin", "*"]);
        let Ok(Command::Serve(o)) = parse_with_env(&flags, env) else { panic!("serve") };
        assert_eq!(o.allowed_hosts, ["c.example", "d.example"]);
        assert_eq!(o.allowed_origins, ["*"]);
    }

    #[test]
    fn auth_flags_and_their_variables() {
        let env = |k: &str| match k {
            "MCP_AUTH_ISSUER" => Some("https://auth.example".to_owned()),
            "MCP_AUTH_SCOPES" => Some("mcp, admin".to_owned()),
            _ => None,
        };
        let Ok(Command::Serve(o)) = parse_with_env(&args(&[]), env) else { panic!("serve") };
        assert_eq!(o.auth.issuer.as_deref(), Some("https://auth.example"));
        assert_eq!(o.auth.scopes, ["mcp", "admin"]);
        let flags = args(&["--auth-scope", "x", "--auth-audience", "https://a/mcp", "--auth-jwks=https://k"]);
        let Ok(Command::Serve(o)) = parse_with_env(&flags, env) else { panic!("serve") };
        assert_eq!(o.auth.scopes, ["x"]);
        assert_eq!(o.auth.audiences, ["https://a/mcp"]);
        assert_eq!(o.auth.jwks.as_deref(), Some("https://k"));
    }

    #[test]
    fn info_flags_win() {
        assert_eq!(parse_with_env(&args(&["--inspect"]), no_env), Ok(Command::Inspect));
        assert_eq!(parse_with_env(&args(&["--help"]), no_env), Ok(Command::Help));
    }
}
