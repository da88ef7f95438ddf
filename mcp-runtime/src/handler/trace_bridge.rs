//! Bridges `tracing` to MCP logging: events a tool emits while it runs are
//! also sent to the client as `notifications/message`, filtered like
//! `ctx.log` (by `logging/setLevel`, or the request's `_meta` level).
//!
//! `Server::run` installs [`ClientLogLayer`] next to its stderr logger. With
//! your own subscriber, add the layer yourself.

use std::fmt::Write;
use std::future::Future;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context as LayerContext, Layer};

use super::context::Context;
use crate::protocol::LogLevel;

tokio::task_local! {
    static CURRENT: Context;
}

/// Runs a tool's future with its context visible to [`ClientLogLayer`].
pub(crate) async fn scoped<F: Future>(ctx: Context, future: F) -> F::Output {
    CURRENT.scope(ctx, future).await
}

/// A `tracing` layer that forwards events emitted inside a tool to the
/// client that called it. Events from this crate itself are not forwarded.
///
/// ```
/// use tracing_subscriber::layer::SubscriberExt;
/// let subscriber = tracing_subscriber::registry().with(mcp_runtime::handler::ClientLogLayer);
/// # let _ = subscriber;
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientLogLayer;

impl<S: Subscriber> Layer<S> for ClientLogLayer {
    fn on_event(&self, event: &Event<'_>, _: LayerContext<'_, S>) {
        if event.metadata().target().starts_with("mcp_runtime") {
            return;
        }
        let _ = CURRENT.try_with(|ctx| {
            let mut text = MessageText::default();
            event.record(&mut text);
            ctx.log(level_of(event.metadata().level()), text.0);
        });
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

/// The event's message, followed by its other fields as `key=value`.
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
