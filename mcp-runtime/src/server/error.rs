//! [`BuildError`]: why a server could not be built.

use std::fmt;

/// Why a server could not be built: reported by `run()` (exit code 2),
/// `--inspect`, `serve()` and `BuiltServer::new`, before any client connects.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// Two items of one kind share a name or URI.
    Duplicate {
        /// `"tools"`, `"resources"`, `"resourceTemplates"` or `"prompts"`.
        kind: &'static str,
        /// The name or URI they share.
        key: String,
        /// Where the first is written (`module::function`; empty when
        /// unknown).
        first: String,
        /// Where the second is written.
        second: String,
    },
    /// A handler asks for `State<T>` of a type nobody registered with
    /// `Server::state`.
    MissingState {
        /// The handler, e.g. ``tool `add_note` ``.
        handler: String,
        /// The type it asks for.
        type_name: &'static str,
    },
    /// The authorization settings are incomplete (the URL clients use is
    /// unknown, say).
    Authorization(String),
    /// The skills directory cannot be served (`Server::skills_dir`); the
    /// message names the file.
    Skills(String),
    /// The `requestState` secret is too short to be a key.
    RequestStateKey {
        /// Its length in bytes.
        length: usize,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Duplicate { kind, key, first, second } if !first.is_empty() && !second.is_empty() => {
                write!(f, "two {kind} are registered as `{key}`: `{first}` and `{second}`; rename one")
            }
            BuildError::Duplicate { kind, key, .. } => write!(f, "two {kind} are registered as `{key}`"),
            BuildError::MissingState { handler, type_name } => write!(
                f,
                "{handler} takes `State<{type_name}>`, but no `{type_name}` was registered; add `.state(value)` to the server"
            ),
            BuildError::Authorization(why) => write!(f, "authorization: {why}"),
            BuildError::Skills(why) => f.write_str(why),
            BuildError::RequestStateKey { length } => write!(
                f,
                "the request-state key has {length} bytes; it needs at least 32 (`openssl rand -base64 32` makes one)"
            ),
        }
    }
}

impl std::error::Error for BuildError {}

impl BuildError {
    /// Two items of `kind` registered as `key`, written at `first` and `second`.
    pub(crate) fn duplicate(kind: &'static str, key: &str, first: &str, second: &str) -> Self {
        BuildError::Duplicate { kind, key: key.to_owned(), first: first.to_owned(), second: second.to_owned() }
    }
}
