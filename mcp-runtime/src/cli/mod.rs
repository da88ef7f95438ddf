//! The command line that [`Server::run`](crate::server::Server::run) understands.
//!
//! Each flag also has an environment variable (`MCP_TRANSPORT`, `MCP_HOST`,
//! `MCP_PORT`, `MCP_PATH`, `MCP_ALLOWED_HOSTS`, `MCP_ALLOWED_ORIGINS`,
//! `MCP_TLS_CERT`, `MCP_TLS_KEY`, `MCP_AUTH_ISSUER`, `MCP_AUTH_AUDIENCE`,
//! `MCP_AUTH_SCOPES`, `MCP_AUTH_JWKS`, `MCP_REQUEST_STATE_KEY`, `MCP_REDIS_URL`,
//! `MCP_METRICS_PORT`); the flag wins, and an empty variable counts as
//! unset. Lists in variables are separated by commas.

mod flags;
mod options;

pub(crate) use flags::usage;
use flags::{Source, FLAGS, INFO_FLAGS};
pub(crate) use options::{AuthOptions, Command, ServeOptions, TransportKind, UsageError};

/// Parses arguments (without the program name), with environment fallbacks.
pub(crate) fn parse(args: &[String]) -> Result<Command, UsageError> {
    // An empty variable counts as unset.
    parse_with_env(args, |key| std::env::var(key).ok().filter(|v| !v.is_empty()))
}

fn parse_with_env(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Command, UsageError> {
    let mut options = ServeOptions::default();
    for flag in FLAGS {
        if let Some(value) = env(flag.variable) {
            (flag.apply)(&mut options, Source::Variable, value)?;
        }
    }
    let mut given: Vec<&'static str> = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        if let Some((_, command, _)) = INFO_FLAGS.iter().find(|(spellings, _, _)| spellings.contains(&name)) {
            return Ok(command.clone());
        }
        let Some(flag) = FLAGS.iter().find(|flag| flag.name == name) else {
            return Err(UsageError::UnknownArgument(name.to_owned()));
        };
        let first = !given.contains(&flag.name);
        given.push(flag.name);
        if flag.network_only.is_some() && first {
            options.network_flags.push(flag.name);
        }
        let value = inline.or_else(|| iter.next().cloned()).ok_or(UsageError::MissingValue(flag.name))?;
        (flag.apply)(&mut options, Source::Flag { first }, value)?;
    }
    Ok(Command::Serve(options))
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
        let refused = parse_with_env(&args(&["--bogus"]), no_env).map_err(|e| e.to_string());
        assert_eq!(refused, Err("unknown argument `--bogus`".into()));
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
