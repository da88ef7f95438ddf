//! `servers_config.json`: the `{"mcpServers": {..}}` file the seed's chat
//! host and Claude Desktop read. An entry is a stdio command
//! (`command`, `args`, `env`) or a remote server (`url`, `headers`,
//! `transport`); `${VAR}` in any string is replaced from the environment.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// One configured server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEntry {
    /// A process spoken to over stdio.
    Stdio {
        /// The program.
        command: String,
        /// Its arguments.
        args: Vec<String>,
        /// Extra environment variables.
        env: BTreeMap<String, String>,
    },
    /// A server reached over HTTP.
    Remote {
        /// The endpoint URL.
        url: String,
        /// Extra request headers.
        headers: BTreeMap<String, String>,
        /// `"http"`, `"sse"` or `"auto"` (the default).
        transport: String,
    },
}

/// The parsed file: servers by name, in name order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServersConfig {
    /// The servers.
    pub servers: BTreeMap<String, ServerEntry>,
}

/// Why a config file could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid JSON.
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The file's shape or one entry is wrong.
    Invalid {
        /// The file.
        path: PathBuf,
        /// The entry, when one is at fault.
        server: Option<String>,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ConfigError::Syntax { path, line, column, message } => {
                write!(f, "{}:{line}:{column}: invalid JSON: {message}", path.display())
            }
            ConfigError::Invalid { path, server: Some(server), message } => {
                write!(f, "{}: server `{server}`: {message}", path.display())
            }
            ConfigError::Invalid { path, server: None, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for ConfigError {}

impl ServersConfig {
    /// Reads and parses a file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io { path: path.into(), source })?;
        Self::parse(&text, path, |key| std::env::var(key).ok())
    }

    /// Parses text; `path` is only used in errors; `env` resolves `${VAR}`.
    pub fn parse(text: &str, path: &Path, env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let root: Value = serde_json::from_str(text).map_err(|e| ConfigError::Syntax {
            path: path.into(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let invalid = |server: Option<&str>, message: String| ConfigError::Invalid {
            path: path.into(),
            server: server.map(str::to_owned),
            message,
        };
        let servers = root
            .get("mcpServers")
            .and_then(Value::as_object)
            .ok_or_else(|| invalid(None, "expected an object with a `mcpServers` object".into()))?;
        let mut parsed = BTreeMap::new();
        for (name, entry) in servers {
            let entry = parse_entry(entry, &env).map_err(|bad| invalid(Some(name), bad.to_string()))?;
            parsed.insert(name.clone(), entry);
        }
        Ok(ServersConfig { servers: parsed })
    }
}

/// What is wrong with one server's entry.
#[derive(Debug)]
enum BadEntry {
    NotObject,
    NotString(&'static str),
    NotList(&'static str),
    NotMap(&'static str),
    NotStringValue { field: &'static str, key: String },
    Transport,
    NoCommandOrUrl,
    Unclosed(String),
    Unset(String),
}

impl fmt::Display for BadEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadEntry::NotObject => f.write_str("an entry must be an object"),
            BadEntry::NotString(field) => write!(f, "`{field}` must be a string"),
            BadEntry::NotList(field) => write!(f, "`{field}` must be an array of strings"),
            BadEntry::NotMap(field) => write!(f, "`{field}` must be an object of strings"),
            BadEntry::NotStringValue { field, key } => write!(f, "`{field}.{key}` must be a string"),
            BadEntry::Transport => f.write_str("`transport` must be \"auto\", \"http\" or \"sse\""),
            BadEntry::NoCommandOrUrl => {
                f.write_str("missing field `command` (for a stdio server) or `url` (for a remote one)")
            }
            BadEntry::Unclosed(text) => write!(f, "unclosed `${{` in {text:?}"),
            BadEntry::Unset(name) => write!(f, "environment variable `{name}` is not set"),
        }
    }
}

fn parse_entry(entry: &Value, env: &impl Fn(&str) -> Option<String>) -> Result<ServerEntry, BadEntry> {
    let object = entry.as_object().ok_or(BadEntry::NotObject)?;
    if let Some(command) = object.get("command") {
        let command = expand(command.as_str().ok_or(BadEntry::NotString("command"))?, env)?;
        let args = string_list(object.get("args"), "args", env)?;
        let env_vars = string_map(object.get("env"), "env", env)?;
        return Ok(ServerEntry::Stdio { command, args, env: env_vars });
    }
    if let Some(url) = object.get("url") {
        let url = expand(url.as_str().ok_or(BadEntry::NotString("url"))?, env)?;
        let headers = string_map(object.get("headers"), "headers", env)?;
        let transport = match object.get("transport") {
            None => "auto".to_owned(),
            Some(t) => match t.as_str() {
                Some(t @ ("auto" | "http" | "sse" | "streamable-http")) => t.replace("streamable-http", "http"),
                _ => return Err(BadEntry::Transport),
            },
        };
        return Ok(ServerEntry::Remote { url, headers, transport });
    }
    Err(BadEntry::NoCommandOrUrl)
}

fn string_list(
    value: Option<&Value>,
    field: &'static str,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<Vec<String>, BadEntry> {
    let Some(value) = value else { return Ok(Vec::new()) };
    let items = value.as_array().ok_or(BadEntry::NotList(field))?;
    items.iter().map(|v| v.as_str().ok_or(BadEntry::NotList(field)).and_then(|s| expand(s, env))).collect()
}

fn string_map(
    value: Option<&Value>,
    field: &'static str,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<BTreeMap<String, String>, BadEntry> {
    let Some(value) = value else { return Ok(BTreeMap::new()) };
    let map: &Map<String, Value> = value.as_object().ok_or(BadEntry::NotMap(field))?;
    map.iter()
        .map(|(k, v)| {
            let v = v.as_str().ok_or_else(|| BadEntry::NotStringValue { field, key: k.clone() })?;
            Ok((k.clone(), expand(v, env)?))
        })
        .collect()
}

/// Replaces every `${VAR}`; an unset variable is an error.
fn expand(text: &str, env: &impl Fn(&str) -> Option<String>) -> Result<String, BadEntry> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').ok_or_else(|| BadEntry::Unclosed(text.to_owned()))?;
        let name = &rest[start + 2..start + end];
        out.push_str(&env(name).ok_or_else(|| BadEntry::Unset(name.to_owned()))?);
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ServersConfig, ConfigError> {
        let env = |k: &str| (k == "TOKEN").then(|| "secret".to_owned());
        ServersConfig::parse(text, Path::new("servers_config.json"), env)
    }

    #[test]
    fn reads_the_seeds_format_with_expansion() {
        let config = parse(
            r#"{"mcpServers": {
                "fetcher": {"command": "python", "args": ["mcp_test_server.py", "--transport", "stdio"], "env": {"KEY": "${TOKEN}"}},
                "remote": {"url": "http://127.0.0.1:8000/sse", "transport": "sse", "headers": {"Authorization": "Bearer ${TOKEN}"}}
            }}"#,
        )
        .expect("valid");
        let ServerEntry::Stdio { args, env, .. } = &config.servers["fetcher"] else { panic!("stdio") };
        assert_eq!((args.len(), env["KEY"].as_str()), (3, "secret"));
        let ServerEntry::Remote { transport, headers, .. } = &config.servers["remote"] else { panic!("remote") };
        assert_eq!((transport.as_str(), headers["Authorization"].as_str()), ("sse", "Bearer secret"));
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e = parse("{\n  \"mcpServers\": {,}\n}").expect_err("bad json");
        assert!(e.to_string().starts_with("servers_config.json:2:"), "{e}");
    }

    #[test]
    fn bad_entries_name_the_server_and_the_field() {
        let e = parse(r#"{"mcpServers": {"broken": {"args": []}}}"#).expect_err("no command");
        assert_eq!(
            e.to_string(),
            "servers_config.json: server `broken`: missing field `command` (for a stdio server) or `url` (for a remote one)"
        );
        let e = parse(r#"{"mcpServers": {"x": {"command": "${NOPE}"}}}"#).expect_err("unset");
        assert!(e.to_string().contains("environment variable `NOPE` is not set"), "{e}");
        assert!(parse(r#"{"servers": {}}"#).is_err());
    }
}
