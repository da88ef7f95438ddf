//! The Prometheus exporter: a global recorder, and the text a scrape reads.

use std::fmt;
use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::record;

/// Latency buckets, in seconds: 100 µs to 30 s.
const BUCKETS: &[f64] = &[0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 30.0];

/// Renders what was recorded, in the Prometheus text format.
#[derive(Clone)]
pub struct MetricsHandle {
    handle: PrometheusHandle,
}

impl fmt::Debug for MetricsHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MetricsHandle")
    }
}

impl MetricsHandle {
    /// The Prometheus text exposition of every metric so far.
    pub fn render(&self) -> String {
        self.handle.run_upkeep();
        self.handle.render()
    }
}

/// Why recording could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MetricsError {
    /// The latency buckets were refused by the exporter.
    Buckets(String),
    /// Another `metrics` recorder was installed first.
    RecorderTaken(String),
}

impl fmt::Display for MetricsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricsError::Buckets(why) => write!(f, "metrics could not be recorded: the buckets: {why}"),
            MetricsError::RecorderTaken(why) => {
                write!(f, "metrics could not be recorded: another recorder is installed ({why})")
            }
        }
    }
}

impl std::error::Error for MetricsError {}

/// Installs the Prometheus recorder as the process's `metrics` recorder
/// and turns the server's metrics on; later calls return the same handle.
/// It fails when another recorder was installed first.
///
/// ```
/// let metrics = mcp_runtime::metrics::install()?;
/// assert!(metrics.render().is_empty() || metrics.render().contains("mcp_"));
/// # Ok::<(), mcp_runtime::metrics::MetricsError>(())
/// ```
pub fn install() -> Result<MetricsHandle, MetricsError> {
    static INSTALLED: OnceLock<Result<MetricsHandle, MetricsError>> = OnceLock::new();
    let installed = INSTALLED.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(record::DURATION.to_owned()), BUCKETS)
            .map_err(|e| MetricsError::Buckets(e.to_string()))?;
        let handle = builder.install_recorder().map_err(|e| MetricsError::RecorderTaken(e.to_string()))?;
        record::enable();
        describe();
        Ok(MetricsHandle { handle })
    });
    installed.clone()
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(record::REQUESTS, "Requests answered, by method, name and outcome");
    describe_histogram!(record::DURATION, Unit::Seconds, "How long requests took, by method and name");
    describe_gauge!(record::IN_FLIGHT, "Requests being answered now");
    describe_gauge!(record::SESSIONS, "Open sessions, by transport");
    describe_gauge!(record::STREAMS, "Open SSE streams");
    describe_counter!(record::STORE_ERRORS, "Session-store and notification-bus operations that failed");
}
