//! [`from_fn`]: middleware written as an async function.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use tower::{Layer, Service};

use super::stack::{into_error_object, BoxError, Stack};
use crate::protocol::ErrorObject;
use crate::server::call::{Reply, Request};

/// A layer from an async function that gets each request and the rest of
/// the stack. It can answer by itself (short-circuit), change the request,
/// or call `next.run(request)` and change what comes back.
///
/// ```
/// use mcp_runtime::prelude::*;
/// use mcp_runtime::server::middleware::{from_fn, Next, Reply, Request};
/// use mcp_runtime::protocol::ErrorObject;
///
/// async fn no_deletes(request: Request, next: Next) -> Result<Reply, ErrorObject> {
///     if request.name() == Some("delete_everything") {
///         return Err(ErrorObject::invalid_params("this server does not delete everything"));
///     }
///     next.run(request).await
/// }
///
/// let server = Server::new("careful").layer(from_fn(no_deletes));
/// # let _ = server;
/// ```
pub fn from_fn<F, Fut>(f: F) -> FromFnLayer<F>
where
    F: Fn(Request, Next) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Reply, ErrorObject>> + Send + 'static,
{
    FromFnLayer { f: Arc::new(f) }
}

/// The layer [`from_fn`] makes.
pub struct FromFnLayer<F> {
    f: Arc<F>,
}

impl<F> Clone for FromFnLayer<F> {
    fn clone(&self) -> Self {
        FromFnLayer { f: Arc::clone(&self.f) }
    }
}

impl<F> std::fmt::Debug for FromFnLayer<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FromFnLayer")
    }
}

impl<F> Layer<Stack> for FromFnLayer<F> {
    type Service = FromFn<F>;

    fn layer(&self, inner: Stack) -> FromFn<F> {
        FromFn { f: Arc::clone(&self.f), inner }
    }
}

/// The service [`from_fn`] makes.
pub struct FromFn<F> {
    f: Arc<F>,
    inner: Stack,
}

impl<F> Clone for FromFn<F> {
    fn clone(&self) -> Self {
        FromFn { f: Arc::clone(&self.f), inner: self.inner.clone() }
    }
}

impl<F, Fut> Service<Request> for FromFn<F>
where
    F: Fn(Request, Next) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Reply, ErrorObject>> + Send + 'static,
{
    type Response = Reply;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Reply, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut TaskContext<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let next = Next { inner: self.inner.clone() };
        let running = (self.f)(request, next);
        Box::pin(async move { running.await.map_err(|e| Box::new(e) as BoxError) })
    }
}

/// The rest of the stack, as a [`from_fn`] middleware sees it.
pub struct Next {
    inner: Stack,
}

impl Next {
    /// Runs the request through the rest of the stack and its method.
    pub async fn run(self, request: Request) -> Result<Reply, ErrorObject> {
        self.inner.oneshot(request).await.map_err(into_error_object)
    }
}

impl std::fmt::Debug for Next {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Next")
    }
}
