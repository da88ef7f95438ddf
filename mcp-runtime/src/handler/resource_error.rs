//! [`ResourceError`]: why a resource could not be read, mapped to the
//! JSON-RPC error the protocol revision expects.

use std::fmt;

use serde_json::json;

use crate::protocol::codes::RESOURCE_NOT_FOUND;
use crate::protocol::{ErrorObject, ProtocolVersion};

/// Why a resource read failed.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceError {
    kind: Kind,
    message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    NotFound,
    InvalidParams,
    Failed,
    /// An extractor's JSON-RPC error, answered as it is.
    Protocol(Box<ErrorObject>),
}

impl ResourceError {
    /// There is no resource at this URI.
    pub fn not_found(uri: impl Into<String>) -> Self {
        ResourceError { kind: Kind::NotFound, message: uri.into() }
    }

    /// The URI matched, but a bound value is unusable.
    pub fn invalid(message: impl Into<String>) -> Self {
        ResourceError { kind: Kind::InvalidParams, message: message.into() }
    }

    /// Reading failed for another reason.
    pub fn new(message: impl Into<String>) -> Self {
        ResourceError { kind: Kind::Failed, message: message.into() }
    }

    /// The error of a failed extractor, answered as it is.
    pub(crate) fn from_error_object(error: ErrorObject) -> Self {
        ResourceError { message: error.message.clone(), kind: Kind::Protocol(Box::new(error)) }
    }

    /// The JSON-RPC error for a read of `uri` in a session of `version`.
    pub(crate) fn to_error_object(&self, uri: &str, version: Option<ProtocolVersion>) -> ErrorObject {
        let data = json!({ "uri": uri });
        match &self.kind {
            Kind::NotFound if version.is_some_and(|v| v >= ProtocolVersion::V2026_07_28) => {
                ErrorObject::invalid_params(format!("resource not found: {uri}")).with_data(data)
            }
            Kind::NotFound => ErrorObject::new(RESOURCE_NOT_FOUND, "Resource not found").with_data(data),
            Kind::InvalidParams => ErrorObject::invalid_params(&self.message).with_data(data),
            Kind::Failed => ErrorObject::internal(&self.message).with_data(data),
            Kind::Protocol(error) => (**error).clone(),
        }
    }
}

impl fmt::Display for ResourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::NotFound => write!(f, "resource not found: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for ResourceError {
    fn from(err: E) -> Self {
        ResourceError::new(err.to_string())
    }
}

impl From<super::tool_error::ToolError> for ResourceError {
    fn from(err: super::tool_error::ToolError) -> Self {
        ResourceError::new(err.to_string())
    }
}
