//! What a panic in a handler becomes: its message, and for tools an
//! `isError` result the model can read.

use std::any::Any;

use crate::protocol::CallToolResult;

/// The text of a panic payload (`&str` or `String`), or a placeholder.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

/// The `isError` result for a tool that panicked.
pub(crate) fn tool_panic_result(payload: Box<dyn Any + Send>) -> CallToolResult {
    let detail = panic_message(&*payload);
    tracing::error!("a tool panicked: {detail}");
    CallToolResult::error(format!("The tool failed unexpectedly (it panicked: {detail})"))
}
