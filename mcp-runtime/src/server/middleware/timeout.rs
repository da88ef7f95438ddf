//! [`TimeoutLayer`]: a deadline for every call.

use crate::protocol::method::Method;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};
use std::time::Duration;

use tower::{Layer, Service};

use super::stack::BoxError;
use crate::protocol::{CallToolResult, ErrorObject};
use crate::server::call::{Reply, Request};

/// Stops a request that runs longer than a deadline, and drops its handler.
///
/// A tool that runs out of time answers with an `isError` result the model
/// can read; any other request answers `-32603`. `subscriptions/listen`,
/// which stays open as long as the client listens, has no deadline.
///
/// ```
/// use std::time::Duration;
/// use mcp_runtime::prelude::*;
/// use mcp_runtime::server::middleware::TimeoutLayer;
///
/// let server = Server::new("bounded").layer(TimeoutLayer::new(Duration::from_secs(30)));
/// # let _ = server;
/// ```
#[derive(Debug, Clone, Copy)]
pub struct TimeoutLayer {
    deadline: Duration,
}

impl TimeoutLayer {
    /// A deadline of `deadline` per request.
    pub fn new(deadline: Duration) -> Self {
        TimeoutLayer { deadline }
    }
}

impl<S> Layer<S> for TimeoutLayer {
    type Service = Timeout<S>;

    fn layer(&self, inner: S) -> Timeout<S> {
        Timeout { inner, deadline: self.deadline }
    }
}

/// The service [`TimeoutLayer`] makes.
#[derive(Debug, Clone)]
pub struct Timeout<S> {
    inner: S,
    deadline: Duration,
}

impl<S> Service<Request> for Timeout<S>
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
        let is_tool = request.method == Method::ToolsCall;
        let endless = request.method == Method::Listen;
        let deadline = self.deadline;
        let running = self.inner.call(request);
        if endless {
            return Box::pin(async move { running.await.map_err(Into::into) });
        }
        Box::pin(async move {
            match tokio::time::timeout(deadline, running).await {
                Ok(result) => result.map_err(Into::into),
                Err(_) if is_tool => {
                    let message = format!("The tool did not finish within {}", shown(deadline));
                    Ok(Reply::Tool(CallToolResult::error(message)))
                }
                Err(_) => {
                    Err(ErrorObject::internal(format!("the request did not finish within {}", shown(deadline))).into())
                }
            }
        })
    }
}

/// `1.5 s`, `250 ms`.
fn shown(duration: Duration) -> String {
    if duration.subsec_millis() == 0 || duration >= Duration::from_secs(10) {
        format!("{} s", duration.as_secs_f64())
    } else {
        format!("{} ms", duration.as_millis())
    }
}
