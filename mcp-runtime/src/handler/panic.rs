//! What a panic in a handler becomes: a line in the server's log with its
//! message, and for the client, for tools an `isError` result the model can
//! read, else a `-32603`. The panic's message reaches the client only when
//! the server opts in (`Server::show_panic_details`): it may name paths,
//! keys or other internals.

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
pub(crate) fn tool_panic_result(payload: Box<dyn Any + Send>, show_details: bool) -> CallToolResult {
    let detail = panic_message(&*payload);
    tracing::error!("a tool panicked: {detail}");
    CallToolResult::error(format!("The tool failed unexpectedly ({})", shown(&detail, show_details)))
}

/// The `-32603` answer for anything but a tool that panicked: a resource,
/// prompt, completer, list callback or middleware. `what` names it.
pub(crate) fn panic_error(what: &str, payload: Box<dyn Any + Send>, show_details: bool) -> ErrorObject {
    let detail = panic_message(&*payload);
    tracing::error!("{what} panicked: {detail}");
    ErrorObject::internal(format!("{what} failed unexpectedly ({})", shown(&detail, show_details)))
}

fn shown(detail: &str, show_details: bool) -> String {
    if show_details {
        format!("it panicked: {detail}")
    } else {
        "the server's log has the details".to_owned()
    }
}
