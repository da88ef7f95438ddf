//! [`FetchError`]: why an HTTP request this crate made as a client failed.

use std::fmt;
use std::time::Duration;

/// Why a request failed, each variant worded as the caller shows it.
#[derive(Debug, Clone)]
pub(crate) enum FetchError {
    /// The URL does not parse, or names no host or scheme this crate speaks.
    Url(String),
    /// The TCP connection failed.
    Connect { url: String, reason: String },
    /// TLS could not be set up, or its handshake failed.
    #[cfg(feature = "tls")]
    Tls(String),
    /// The request could not be built, or the HTTP exchange failed.
    Exchange(String),
    /// The body could not be read within `limit` bytes.
    Body { limit: usize, reason: String },
    /// No answer within `after`.
    Timeout { method: String, url: String, after: Duration },
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Url(why) | FetchError::Exchange(why) => f.write_str(why),
            #[cfg(feature = "tls")]
            FetchError::Tls(why) => f.write_str(why),
            FetchError::Connect { url, reason } => write!(f, "cannot connect to {url}: {reason}"),
            FetchError::Body { limit, reason } => {
                write!(f, "reading the response failed (at most {limit} bytes are read): {reason}")
            }
            FetchError::Timeout { method, url, after } => write!(f, "{method} {url}: no answer within {after:?}"),
        }
    }
}

impl std::error::Error for FetchError {}
