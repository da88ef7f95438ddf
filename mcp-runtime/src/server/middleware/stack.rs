//! The middleware stack: tower layers over MCP requests, wrapped around the
//! method table.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tower::{Layer, Service};

use crate::protocol::ErrorObject;
use crate::server::call::{Reply, Request};

/// The error type of the stack. A layer fails a request with an
/// [`ErrorObject`] (answered as it is) or with any other error (answered
/// with `-32603` and its message).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The type-erased stack every layer wraps: a cloneable tower [`Service`]
/// from middleware [`Request`]s to [`Reply`]s.
pub struct Stack(Box<dyn ErasedService>);

/// What a [`Stack`] answers with.
type StackFuture = Pin<Box<dyn Future<Output = Result<Reply, BoxError>> + Send>>;

/// A service as the stack holds it, behind one pointer.
trait ErasedService: Send + Sync {
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>>;
    fn call(&mut self, request: Request) -> StackFuture;
    fn clone_box(&self) -> Box<dyn ErasedService>;
}

impl<S> ErasedService for S
where
    S: Service<Request, Response = Reply> + Clone + Send + Sync + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
{
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Service::poll_ready(self, cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request) -> StackFuture {
        let reply = Service::call(self, request);
        Box::pin(async move { reply.await.map_err(Into::into) })
    }

    fn clone_box(&self) -> Box<dyn ErasedService> {
        Box::new(self.clone())
    }
}

impl Stack {
    /// Boxes a service, such as a fake inner service to test a layer with.
    pub fn new<S>(service: S) -> Self
    where
        S: Service<Request, Response = Reply> + Clone + Send + Sync + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
    {
        Stack(Box::new(service))
    }

    /// Waits until the stack is ready, then runs one request through it.
    pub(crate) async fn oneshot(mut self, request: Request) -> Result<Reply, BoxError> {
        std::future::poll_fn(|cx| self.0.poll_ready(cx)).await?;
        self.0.call(request).await
    }
}

impl Service<Request> for Stack {
    type Response = Reply;
    type Error = BoxError;
    type Future = StackFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> StackFuture {
        self.0.call(request)
    }
}

impl Clone for Stack {
    fn clone(&self) -> Self {
        Stack(self.0.clone_box())
    }
}

impl std::fmt::Debug for Stack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stack")
    }
}

type Apply = Box<dyn FnOnce(Stack) -> Stack + Send>;

/// The layers added with `Server::layer`, in the order they were added.
#[derive(Default)]
pub(crate) struct Layers(Vec<Apply>);

/// What [`Server::layer`](crate::server::Server::layer) takes: any tower
/// [`Layer`] whose service handles middleware [`Request`]s with a
/// [`Reply`], is `Clone + Send + Sync`, and fails with any error. Nothing
/// needs to implement it by hand.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a middleware layer for an MCP server",
    label = "not a tower layer over MCP requests",
    note = "pass a `tower::Layer` whose service takes `middleware::Request` and returns `middleware::Reply`, such as `TimeoutLayer::new(duration)`, `ConcurrencyLimitLayer::new(n)` or `middleware::from_fn(f)`"
)]
pub trait MiddlewareLayer: Send + 'static {
    /// Wraps `inner` in this layer's service.
    #[doc(hidden)]
    fn wrap(self, inner: Stack) -> Stack;
}

#[diagnostic::do_not_recommend]
impl<L> MiddlewareLayer for L
where
    L: Layer<Stack> + Send + 'static,
    L::Service: Service<Request, Response = Reply> + Clone + Send + Sync + 'static,
    <L::Service as Service<Request>>::Error: Into<BoxError>,
    <L::Service as Service<Request>>::Future: Send + 'static,
{
    fn wrap(self, inner: Stack) -> Stack {
        Stack::new(self.layer(inner))
    }
}

impl Layers {
    /// Adds a layer around the ones added before it.
    pub(crate) fn push(&mut self, layer: impl MiddlewareLayer) {
        self.0.push(Box::new(move |inner| layer.wrap(inner)));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The stack: the first layer added wraps `inner` (the method table),
    /// and each later one wraps the layers before it, so the last added runs first.
    pub(crate) fn build(self, inner: Stack) -> Stack {
        self.0.into_iter().fold(inner, |stack, apply| apply(stack))
    }
}

impl std::fmt::Debug for Layers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Layers({})", self.0.len())
    }
}

/// The JSON-RPC error a failed request is answered with.
pub(crate) fn into_error_object(error: BoxError) -> ErrorObject {
    let error = match error.downcast::<ErrorObject>() {
        Ok(error) => return *error,
        Err(other) => other,
    };
    if error.is::<tower::load_shed::error::Overloaded>() {
        return ErrorObject::internal("the server is overloaded; try again later");
    }
    ErrorObject::internal(error)
}
