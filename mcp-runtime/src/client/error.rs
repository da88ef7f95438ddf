//! [`Error`]: what went wrong talking to a server, and with which one.

use std::fmt;
use std::time::Duration;

use crate::protocol::ErrorObject;

/// The key in a locally made error's `data` that marks a failed
/// authorization.
pub(crate) const AUTHORIZATION_MARK: &str = "mcp-runtime/authorization";
/// The key in a locally made error's `data` that marks a server the
/// client could not reach.
pub(crate) const UNREACHABLE_MARK: &str = "mcp-runtime/unreachable";

/// Why a client call failed. Every variant names the server.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server process could not be started.
    Spawn {
        /// The server's name.
        server: String,
        /// Why.
        source: std::io::Error,
    },
    /// The connection closed (the server exited, or the stream ended).
    Closed {
        /// The server's name.
        server: String,
        /// The last lines a stdio server wrote to stderr before it exited at
        /// start-up (empty otherwise).
        stderr: String,
    },
    /// The server could not be reached: no connection, or a refused
    /// handshake (TLS, WebSocket).
    Unreachable {
        /// The server's name.
        server: String,
        /// What failed.
        detail: String,
    },
    /// The server sent something that is not valid MCP.
    Protocol {
        /// The server's name.
        server: String,
        /// What was wrong.
        detail: String,
    },
    /// The server answered with a JSON-RPC error.
    Rpc {
        /// The server's name.
        server: String,
        /// The error.
        error: ErrorObject,
    },
    /// The tool ran and reported an error (`isError`).
    Tool {
        /// The server's name.
        server: String,
        /// The tool's name.
        tool: String,
        /// The tool's message.
        message: String,
    },
    /// OAuth authorization failed, or the server kept refusing the tokens
    /// it gave (feature `client-http`, with [`ClientOptions::oauth`](super::ClientOptions::oauth)).
    Authorization {
        /// The server's name.
        server: String,
        /// What went wrong.
        detail: String,
    },
    /// No answer in time.
    Timeout {
        /// The server's name.
        server: String,
        /// The method that timed out.
        method: String,
        /// How long the client waited.
        after: Duration,
    },
}

impl Error {
    /// The server the error concerns.
    pub fn server(&self) -> &str {
        match self {
            Error::Spawn { server, .. }
            | Error::Closed { server, .. }
            | Error::Protocol { server, .. }
            | Error::Unreachable { server, .. }
            | Error::Rpc { server, .. }
            | Error::Tool { server, .. }
            | Error::Authorization { server, .. }
            | Error::Timeout { server, .. } => server,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spawn { server, source } => write!(f, "server `{server}`: could not start it: {source}"),
            Error::Closed { server, stderr } if stderr.is_empty() => {
                write!(f, "server `{server}`: the connection closed")
            }
            Error::Closed { server, stderr } => {
                write!(f, "server `{server}`: the connection closed; its stderr ended with:\n{stderr}")
            }
            Error::Protocol { server, detail } => write!(f, "server `{server}`: protocol error: {detail}"),
            Error::Unreachable { server, detail } => write!(f, "server `{server}`: unreachable: {detail}"),
            Error::Rpc { server, error } => write!(f, "server `{server}`: {} (code {})", error.message, error.code),
            Error::Tool { server, tool, message } => write!(f, "server `{server}`: tool `{tool}` failed: {message}"),
            Error::Authorization { server, detail } => write!(f, "server `{server}`: authorization failed: {detail}"),
            Error::Timeout { server, method, after } => {
                write!(f, "server `{server}`: no answer to `{method}` within {after:?}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Spawn { source, .. } => Some(source),
            _ => None,
        }
    }
}
