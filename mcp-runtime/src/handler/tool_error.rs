//! [`ToolError`]: the error a tool returns for the model to read.

/// An error a tool returns; its message is shown to the model in an
/// `isError` result. Any `std::error::Error` converts with `?`.
///
/// ```
/// use mcp_runtime::handler::ToolError;
/// fn parse(s: &str) -> Result<i64, ToolError> {
///     if s.is_empty() {
///         return Err(ToolError::new("the input is empty"));
///     }
///     Ok(s.parse::<i64>()?)
/// }
/// assert_eq!(parse("").unwrap_err().to_string(), "the input is empty");
/// assert!(parse("x").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolError {
    message: String,
}

impl ToolError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        ToolError { message: message.into() }
    }
}

impl std::fmt::Display for ToolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for ToolError {
    fn from(err: E) -> Self {
        ToolError::new(err.to_string())
    }
}
