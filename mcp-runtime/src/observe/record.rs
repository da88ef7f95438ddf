//! The metrics themselves, recorded only once [`super::install`] has run.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use metrics::{counter, gauge, histogram};

/// Requests answered: `method`, `name` (the tool's or prompt's, when it is
/// one the server has; else empty) and `outcome` (`ok`, `tool_error`,
/// `error`, `cancelled`).
pub(crate) const REQUESTS: &str = "mcp_requests_total";
/// How long requests took, in seconds, by `method` and `name`.
pub(crate) const DURATION: &str = "mcp_request_duration_seconds";
/// Requests being answered now.
pub(crate) const IN_FLIGHT: &str = "mcp_requests_in_flight";
/// Open sessions, by `transport` (`streamable_http`, `sse`, `websocket`).
pub(crate) const SESSIONS: &str = "mcp_sessions_open";
/// Open SSE streams (request streams, GET streams, legacy SSE).
pub(crate) const STREAMS: &str = "mcp_streams_open";
/// Session-store and notification-bus operations that failed, by `operation`.
pub(crate) const STORE_ERRORS: &str = "mcp_store_errors_total";

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns recording on (the exporter is installed).
pub(crate) fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Whether metrics are recorded: the callers skip their work otherwise.
#[inline]
pub(crate) fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

pub(crate) fn request_started() {
    if enabled() {
        gauge!(IN_FLIGHT).increment(1.0);
    }
}

pub(crate) fn request_finished(method: &'static str, name: &str, outcome: &'static str, took: Duration) {
    if !enabled() {
        return;
    }
    gauge!(IN_FLIGHT).decrement(1.0);
    let name = name.to_owned();
    counter!(REQUESTS, "method" => method, "name" => name.clone(), "outcome" => outcome).increment(1);
    histogram!(DURATION, "method" => method, "name" => name).record(took.as_secs_f64());
}

pub(crate) fn sessions_open(transport: &'static str, count: usize) {
    if enabled() {
        #[allow(clippy::cast_precision_loss)] // session counts are far below 2^52
        gauge!(SESSIONS, "transport" => transport).set(count as f64);
    }
}

pub(crate) fn stream_opened() {
    if enabled() {
        gauge!(STREAMS).increment(1.0);
    }
}

pub(crate) fn stream_closed() {
    if enabled() {
        gauge!(STREAMS).decrement(1.0);
    }
}

pub(crate) fn store_error(operation: &'static str) {
    if enabled() {
        counter!(STORE_ERRORS, "operation" => operation).increment(1);
    }
}
