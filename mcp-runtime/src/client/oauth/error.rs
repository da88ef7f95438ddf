//! [`OAuthError`]: why an authorization failed, by the stage that failed.

use std::fmt;

use crate::fetch::FetchError;

/// Why the client could not get a token, named by the stage of the flow
/// that failed. Each message is worded as the user reads it.
#[derive(Debug, Clone)]
pub(crate) enum OAuthError {
    /// A request to the resource, the authorization server or the identity
    /// provider got no answer.
    Fetch(FetchError),
    /// The server refused `max` authorizations in a row.
    GaveUp {
        /// The status of the last refusal.
        status: u16,
        /// Its `error`, if the challenge named one.
        error: Option<String>,
        /// How many authorizations were tried.
        max: usize,
    },
    /// The metadata is missing, malformed, or for someone else.
    Discovery(String),
    /// A URL the server named is one the client will not send to.
    Endpoint(String),
    /// The client could not identify itself to the authorization server.
    Registration(String),
    /// The user's consent did not come back, or came back wrong.
    Consent(String),
    /// The token endpoint refused, or granted what the client cannot use.
    Token(String),
    /// A client assertion or DPoP proof could not be made.
    Signing(String),
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OAuthError::Fetch(error) => error.fmt(f),
            OAuthError::GaveUp { status, error, max } => {
                let error = error.as_deref().map(|e| format!(" {e}")).unwrap_or_default();
                write!(f, "the server still refuses (HTTP {status}{error}) after {max} authorizations; giving up")
            }
            OAuthError::Discovery(why)
            | OAuthError::Endpoint(why)
            | OAuthError::Registration(why)
            | OAuthError::Consent(why)
            | OAuthError::Token(why)
            | OAuthError::Signing(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for OAuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OAuthError::Fetch(error) => Some(error),
            _ => None,
        }
    }
}

impl From<FetchError> for OAuthError {
    fn from(error: FetchError) -> Self {
        OAuthError::Fetch(error)
    }
}
