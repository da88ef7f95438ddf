//! What a panic in a handler becomes: its message, and for tools an
//! `isError` result the model can read.

use std::any::Any;

use crate::protocol::{CallToolResult, ErrorObject};

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

/// The `-32603` answer for anything but a tool that panicked: a resource,
/// prompt, completer, list callback or middleware. `what` names it.
pub(crate) fn panic_error(what: &str, payload: Box<dyn Any + Send>) -> ErrorObject {
    let detail = panic_message(&*payload);
    tracing::error!("{what} panicked: {detail}");
    ErrorObject::internal(format!("{what} failed unexpectedly (it panicked: {detail})"))
}
