//! Bridges `tracing` to MCP logging: events a tool emits while it runs are
//! also sent to the client as `notifications/message`, filtered like
//! `ctx.log` (by `logging/setLevel`, or the request's `_meta` level).
//!
//! `Server::run`'s logger forwards them itself. With your own subscriber,
//! add [`ClientLogLayer`] (feature `tracing-subscriber`) to it.

use std::fmt::Write;
use std::future::Future;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata};

use super::context::Context;
use crate::protocol::LogLevel;

tokio::task_local! {
    static CURRENT: Context;
}

/// Runs a tool's future with its context visible to [`forward`].
pub(crate) async fn scoped<F: Future>(ctx: Context, future: F) -> F::Output {
    CURRENT.scope(ctx, future).await
}

/// Whether an event comes from a handler (or a crate it uses) rather than
/// from this crate, whose own events are never forwarded.
pub(crate) fn from_a_handler(meta: &Metadata<'_>) -> bool {
    !meta.target().starts_with("mcp_runtime")
}

/// Sends an event to the client of the tool running on this task, if any.
pub(crate) fn forward(event: &Event<'_>) {
    if !from_a_handler(event.metadata()) {
        return;
    }
    let _ = CURRENT.try_with(|ctx| ctx.log(level_of(event.metadata().level()), event_text(event)));
}

/// The event's message, followed by its other fields as `key=value`.
pub(crate) fn event_text(event: &Event<'_>) -> String {
    let mut text = MessageText::default();
    event.record(&mut text);
    text.0
}

/// A `tracing-subscriber` layer that forwards events emitted inside a tool
/// to the client that called it, for a subscriber of your own. Events from
/// this crate itself are not forwarded.
///
/// ```
/// use tracing_subscriber::layer::SubscriberExt;
/// let subscriber = tracing_subscriber::registry().with(mcp_runtime::handler::ClientLogLayer);
/// # let _ = subscriber;
/// ```
#[cfg(feature = "tracing-subscriber")]
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientLogLayer;

#[cfg(feature = "tracing-subscriber")]
impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for ClientLogLayer {
    fn on_event(&self, event: &Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        forward(event);
    }
}

fn level_of(level: &Level) -> LogLevel {
    match *level {
        Level::ERROR => LogLevel::Error,
        Level::WARN => LogLevel::Warning,
        Level::INFO => LogLevel::Info,
        _ => LogLevel::Debug,
    }
}

#[derive(Default)]
struct MessageText(String);

impl Visit for MessageText {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, "{}={value:?}", field.name());
        }
    }
}
