//! JSON-RPC error objects and the error codes MCP uses.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The JSON-RPC and MCP error codes this runtime emits.
pub mod codes {
    /// The message is not valid JSON (or not UTF-8).
    pub const PARSE_ERROR: i32 = -32700;
    /// The JSON is not a valid JSON-RPC 2.0 request object.
    pub const INVALID_REQUEST: i32 = -32600;
    /// The method does not exist or is not available.
    pub const METHOD_NOT_FOUND: i32 = -32601;
    /// The params are invalid for the method.
    pub const INVALID_PARAMS: i32 = -32602;
    /// An internal error inside the server.
    pub const INTERNAL_ERROR: i32 = -32603;
    /// A resource does not exist (sessions before 2026-07-28; `data.uri` names it).
    pub const RESOURCE_NOT_FOUND: i32 = -32002;
    /// HTTP headers disagree with the body (2026-07-28).
    pub const HEADER_MISMATCH: i32 = -32020;
    /// The request needs a client capability the client did not declare (2026-07-28).
    pub const MISSING_REQUIRED_CLIENT_CAPABILITY: i32 = -32021;
    /// The requested protocol version is not supported (2026-07-28).
    pub const UNSUPPORTED_PROTOCOL_VERSION: i32 = -32022;
    /// The caller's token lacks a scope the request needs, where no HTTP
    /// status can say so (a WebSocket message). An application code, like
    /// HTTP's 403, outside the ranges JSON-RPC and MCP reserve; `data`
    /// holds `{"error": "insufficient_scope", "scope": ".."}`.
    pub const INSUFFICIENT_SCOPE: i32 = 403;
}

/// A JSON-RPC error object: `{"code", "message", "data"?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorObject {
    /// The error code, see [`codes`].
    pub code: i32,
    /// A short human-readable description.
    pub message: String,
    /// Extra structured information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl ErrorObject {
    /// An error with a code and a message.
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        ErrorObject { code, message: message.into(), data: None }
    }

    /// Attaches `data` to the error.
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// `-32700`: the message could not be parsed.
    pub fn parse_error(detail: impl std::fmt::Display) -> Self {
        Self::new(codes::PARSE_ERROR, format!("Parse error: {detail}"))
    }

    /// `-32600`: the message is not a valid request.
    pub fn invalid_request(detail: impl std::fmt::Display) -> Self {
        Self::new(codes::INVALID_REQUEST, format!("Invalid request: {detail}"))
    }

    /// `-32601`: no such method.
    pub fn method_not_found(method: &str) -> Self {
        Self::new(codes::METHOD_NOT_FOUND, format!("Method not found: {method}"))
    }

    /// `-32602`: the params are invalid.
    pub fn invalid_params(detail: impl std::fmt::Display) -> Self {
        Self::new(codes::INVALID_PARAMS, format!("Invalid params: {detail}"))
    }

    /// `-32603`: something failed inside the server.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::new(codes::INTERNAL_ERROR, format!("Internal error: {detail}"))
    }
}

impl std::fmt::Display for ErrorObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ErrorObject {}
