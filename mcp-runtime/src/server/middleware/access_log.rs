//! [`AccessLogLayer`]: one structured `tracing` event per request.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};
use std::time::Instant;

use tower::{Layer, Service};

use super::stack::BoxError;
use crate::server::call::{Reply, Request};

/// Logs every request when it ends, as one `tracing` event at `INFO` with
/// the target `mcp_runtime::access`: `method`, `name` (tool, prompt or
/// URI), `id`, `protocol` (the revision, or `stateless`), `outcome` (`ok`,
/// `tool_error`, `error`, `cancelled`), `code` (the JSON-RPC error code) and
/// `duration_us`.
///
/// ```
/// use mcp_runtime::prelude::*;
/// use mcp_runtime::server::middleware::AccessLogLayer;
///
/// let server = Server::new("audited").layer(AccessLogLayer::new());
/// # let _ = server;
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct AccessLogLayer {
    _private: (),
}

impl AccessLogLayer {
    /// The layer.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<S> Layer<S> for AccessLogLayer {
    type Service = AccessLog<S>;

    fn layer(&self, inner: S) -> AccessLog<S> {
        AccessLog { inner }
    }
}

/// The service [`AccessLogLayer`] makes.
#[derive(Debug, Clone)]
pub struct AccessLog<S> {
    inner: S,
}

/// What the log line says about one request, read before it runs.
struct Entry {
    method: &'static str,
    name: Option<String>,
    id: String,
    protocol: String,
    started: Instant,
}

impl Entry {
    fn of(request: &Request) -> Self {
        let protocol = match (request.is_stateless(), request.protocol_version()) {
            (true, _) => "stateless".to_owned(),
            (false, Some(version)) => version.to_string(),
            (false, None) => "-".to_owned(),
        };
        Entry {
            method: request.method(),
            name: request.name().map(str::to_owned),
            id: request.id().to_string(),
            protocol,
            started: Instant::now(),
        }
    }

    fn log(&self, outcome: &str, code: Option<i32>) {
        let duration_us = u64::try_from(self.started.elapsed().as_micros()).unwrap_or(u64::MAX);
        tracing::info!(
            target: "mcp_runtime::access",
            method = self.method,
            name = self.name.as_deref().unwrap_or("-"),
            id = %self.id,
            protocol = %self.protocol,
            outcome,
            code,
            duration_us,
            "mcp request"
        );
    }
}

/// Logs "cancelled" when a request's future is dropped before it ends.
struct Guard(Option<Entry>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(entry) = self.0.take() {
            entry.log("cancelled", None);
        }
    }
}

impl<S> Service<Request> for AccessLog<S>
where
    S: Service<Request, Response = Reply> + Send,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
{
    type Response = Reply;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Reply, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut TaskContext<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let mut guard = Guard(Some(Entry::of(&request)));
        let running = self.inner.call(request);
        Box::pin(async move {
            let result = running.await.map_err(Into::into);
            if let Some(entry) = guard.0.take() {
                match &result {
                    Ok(Reply::Tool(t)) if t.is_error => entry.log("tool_error", None),
                    Ok(_) => entry.log("ok", None),
                    Err(e) => entry.log("error", e.downcast_ref::<crate::protocol::ErrorObject>().map(|e| e.code)),
                }
            }
            result
        })
    }
}
