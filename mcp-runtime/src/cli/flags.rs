//! The flags `run()` understands, in one table: each flag's name, its
//! environment variable, its help, whether only a network transport uses
//! it, and how its value is applied. Parsing, the variables, `--help` and
//! the stdio checks all read it.

use std::path::PathBuf;

use super::options::{Command, ServeOptions, TransportKind, UsageError};

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// The environment variable: a list is comma-separated.
    Variable,
    /// The flag; `first` when it is the first time this flag is given, so
    /// that a repeated flag's list replaces the environment's.
    Flag { first: bool },
}

/// Applies one value to the options.
type Apply = fn(&mut ServeOptions, Source, String) -> Result<(), UsageError>;

/// One flag that takes a value.
pub(super) struct Flag {
    /// `--host`.
    pub(super) name: &'static str,
    /// What the value is, in `--help`: `<HOST>`.
    pub(super) value: &'static str,
    /// `MCP_HOST`.
    pub(super) variable: &'static str,
    /// The help text; a `\n` starts a continuation line.
    pub(super) help: &'static str,
    /// For a setting only a network transport uses: whether it is set.
    /// With stdio, such a flag is an error and such a variable a warning.
    pub(super) network_only: Option<fn(&ServeOptions) -> bool>,
    /// How its value is applied.
    pub(super) apply: Apply,
}

/// Every flag that takes a value, in `--help` order.
pub(super) const FLAGS: &[Flag] = &[
    Flag {
        name: "--transport",
        value: "<stdio|sse|http|websocket>",
        variable: "MCP_TRANSPORT",
        help: "Transport to serve; http also serves sse and WebSocket on its port [default: stdio]",
        network_only: None,
        apply: |o, _, v| {
            o.transport = TransportKind::parse(&v)?;
            Ok(())
        },
    },
    Flag {
        name: "--host",
        value: "<HOST>",
        variable: "MCP_HOST",
        help: "Address to bind for HTTP [default: 127.0.0.1]",
        network_only: None,
        apply: |o, _, v| {
            o.host = v;
            Ok(())
        },
    },
    Flag {
        name: "--port",
        value: "<PORT>",
        variable: "MCP_PORT",
        help: "Port for HTTP [default: 8000]",
        network_only: None,
        apply: |o, _, v| {
            o.port = parse_port(&v)?;
            Ok(())
        },
    },
    Flag {
        name: "--path",
        value: "<PATH>",
        variable: "MCP_PATH",
        help: "Streamable HTTP endpoint [default: /mcp]",
        network_only: None,
        apply: |o, _, v| {
            o.path = parse_path(v)?;
            Ok(())
        },
    },
    Flag {
        name: "--allowed-host",
        value: "<HOST>",
        variable: "MCP_ALLOWED_HOSTS",
        help: "Accept this Host name: name, name:port or * (repeatable)\n[default: loopback names and IP addresses]",
        network_only: None,
        apply: |o, s, v| {
            add_to_list(&mut o.allowed_hosts, s, v);
            Ok(())
        },
    },
    Flag {
        name: "--allowed-origin",
        value: "<ORIGIN>",
        variable: "MCP_ALLOWED_ORIGINS",
        help: "Accept pages of this browser Origin, or * (repeatable)\n[default: the server's own and loopback ones]",
        network_only: None,
        apply: |o, s, v| {
            add_to_list(&mut o.allowed_origins, s, v);
            Ok(())
        },
    },
    Flag {
        name: "--tls-cert",
        value: "<PEM>",
        variable: "MCP_TLS_CERT",
        help: "Serve HTTPS and WSS with this certificate chain",
        network_only: Some(|o| o.tls_cert.is_some()),
        apply: |o, _, v| {
            o.tls_cert = Some(PathBuf::from(v));
            Ok(())
        },
    },
    Flag {
        name: "--tls-key",
        value: "<PEM>",
        variable: "MCP_TLS_KEY",
        help: "... and this private key",
        network_only: Some(|o| o.tls_key.is_some()),
        apply: |o, _, v| {
            o.tls_key = Some(PathBuf::from(v));
            Ok(())
        },
    },
    Flag {
        name: "--auth-issuer",
        value: "<URL>",
        variable: "MCP_AUTH_ISSUER",
        help: "Require bearer JWTs from this authorization server",
        network_only: None,
        apply: |o, _, v| {
            o.auth.issuer = Some(v);
            Ok(())
        },
    },
    Flag {
        name: "--auth-audience",
        value: "<URL>",
        variable: "MCP_AUTH_AUDIENCE",
        help: "Resource URL tokens must be issued for (repeatable)\n[default: the server's own URL]",
        network_only: None,
        apply: |o, s, v| {
            add_to_list(&mut o.auth.audiences, s, v);
            Ok(())
        },
    },
    Flag {
        name: "--auth-scope",
        value: "<SCOPE>",
        variable: "MCP_AUTH_SCOPES",
        help: "Scope every request needs (repeatable)",
        network_only: None,
        apply: |o, s, v| {
            add_to_list(&mut o.auth.scopes, s, v);
            Ok(())
        },
    },
    Flag {
        name: "--auth-jwks",
        value: "<URL>",
        variable: "MCP_AUTH_JWKS",
        help: "The issuer's JWKS, instead of discovering it",
        network_only: None,
        apply: |o, _, v| {
            o.auth.jwks = Some(v);
            Ok(())
        },
    },
    Flag {
        name: "--request-state-key",
        value: "<SECRET>",
        variable: "MCP_REQUEST_STATE_KEY",
        help: "Seal 2026-07-28 requestState with this secret (32+ bytes), shared by every\ninstance behind a load balancer [default: random per process]",
        network_only: None,
        apply: |o, _, v| {
            o.request_state_key = Some(v);
            Ok(())
        },
    },
    Flag {
        name: "--redis",
        value: "<URL>",
        variable: "MCP_REDIS_URL",
        help: "Share session-era sessions through Redis (redis://host:port)\n",
        network_only: Some(|o| o.redis.is_some()),
        apply: |o, _, v| {
            o.redis = Some(v);
            Ok(())
        },
    },
    Flag {
        name: "--metrics-port",
        value: "<PORT>",
        variable: "MCP_METRICS_PORT",
        help: "Serve Prometheus metrics at /metrics on this port",
        network_only: Some(|o| o.metrics_port.is_some()),
        apply: |o, _, v| {
            o.metrics_port = Some(parse_port(&v)?);
            Ok(())
        },
    },
    Flag {
        name: "--metrics-host",
        value: "<HOST>",
        variable: "MCP_METRICS_HOST",
        help: "... on this address [default: 127.0.0.1]",
        network_only: Some(|o| o.metrics_host.is_some()),
        apply: |o, _, v| {
            o.metrics_host = Some(v);
            Ok(())
        },
    },
];

/// The flags that print something and exit: their spellings, what they
/// ask for, and their help.
pub(super) const INFO_FLAGS: &[(&[&str], Command, &str)] = &[
    (&["--inspect"], Command::Inspect, "Print the server's manifest as JSON and exit"),
    (&["-h", "--help"], Command::Help, "Print this help"),
    (&["-V", "--version"], Command::Version, "Print the server's version"),
];

impl ServeOptions {
    /// The variables that set what only a network transport uses, where
    /// no flag did: with stdio, ignored with a warning (a container may
    /// set them for every command it runs).
    pub(crate) fn network_only_variables(&self) -> Vec<&'static str> {
        let by_variable = |flag: &&Flag| {
            flag.network_only.is_some_and(|is_set| is_set(self)) && !self.network_flags.contains(&flag.name)
        };
        FLAGS.iter().filter(by_variable).map(|flag| flag.variable).collect()
    }
}

/// A list setting: a variable gives the whole list, comma-separated; the
/// first flag replaces it, and each flag adds one entry.
fn add_to_list(list: &mut Vec<String>, source: Source, value: String) {
    match source {
        Source::Variable => {
            *list = value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
        }
        Source::Flag { first } => {
            if first {
                list.clear();
            }
            list.push(value);
        }
    }
}

fn parse_port(s: &str) -> Result<u16, UsageError> {
    s.parse().map_err(|_| UsageError::BadValue(format!("invalid port `{s}`: expected a number from 0 to 65535")))
}

fn parse_path(p: String) -> Result<String, UsageError> {
    if p.starts_with('/') {
        Ok(p)
    } else {
        Err(UsageError::BadValue(format!("invalid path `{p}`: it must start with `/`")))
    }
}

/// The `--help` text, from the tables.
pub(crate) fn usage(program: &str) -> String {
    let mut text = format!("Usage: {program} [OPTIONS]\n\nOptions:");
    for flag in FLAGS {
        let help = match flag.help.strip_suffix('\n') {
            Some(lines) => format!("{lines}\n[env: {}]", flag.variable),
            None => format!("{} [env: {}]", flag.help, flag.variable),
        };
        push_entry(&mut text, &format!("{} {}", flag.name, flag.value), &help);
    }
    for (spellings, _, help) in INFO_FLAGS {
        push_entry(&mut text, &spellings.join(", "), help);
    }
    text
}

/// The column help starts at.
const HELP_COLUMN: usize = 32;

/// One entry of `--help`: the flag at the left, its help from the help
/// column (on the next line when the flag is too wide), and each
/// continuation line at the help column.
fn push_entry(text: &mut String, left: &str, help: &str) {
    let indent = " ".repeat(HELP_COLUMN);
    let left = format!("  {left}");
    text.push('\n');
    if left.len() + 2 > HELP_COLUMN {
        text.push_str(&left);
        text.push('\n');
        text.push_str(&indent);
    } else {
        text.push_str(&format!("{left:<HELP_COLUMN$}"));
    }
    text.push_str(&help.replace('\n', &format!("\n{indent}")));
}
