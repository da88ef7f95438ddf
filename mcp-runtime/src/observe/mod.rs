//! What the server counts for operators: requests by method, name and
//! outcome with their latency, calls in flight, open sessions and streams,
//! and session-store errors. With the `metrics` feature these go to the
//! [`metrics`](https://docs.rs/metrics) facade once recording is turned on
//! ([`crate::metrics::install`]); otherwise every function here is empty.

#[cfg(feature = "metrics")]
mod exporter;
#[cfg(feature = "metrics")]
mod record;

#[cfg(feature = "metrics")]
pub use exporter::{install, MetricsError, MetricsHandle};
#[cfg(feature = "metrics")]
pub(crate) use record::*;

#[cfg(not(feature = "metrics"))]
#[cfg_attr(not(feature = "server-http"), allow(dead_code))]
mod off {
    use std::time::Duration;

    #[inline]
    pub(crate) fn enabled() -> bool {
        false
    }
    #[inline]
    pub(crate) fn request_started() {}
    #[inline]
    pub(crate) fn request_finished(_: &'static str, _: &str, _: &'static str, _: Duration) {}
    #[inline]
    pub(crate) fn sessions_open(_: &'static str, _: usize) {}
    #[inline]
    pub(crate) fn stream_opened() {}
    #[inline]
    pub(crate) fn stream_closed() {}
    #[inline]
    pub(crate) fn store_error(_: &'static str) {}
}
#[cfg(not(feature = "metrics"))]
pub(crate) use off::*;
