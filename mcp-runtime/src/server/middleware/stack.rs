//! The middleware stack: tower layers over MCP requests, wrapped around the
//! method table.

use tower::util::BoxCloneSyncService;
use tower::{Layer, Service, ServiceExt};

use crate::protocol::ErrorObject;
use crate::server::call::{Reply, Request};

/// The error type of the stack. A layer fails a request with an
/// [`ErrorObject`] (answered as it is) or with any other error (answered
/// with `-32603` and its message).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The type-erased stack every layer wraps.
pub type Stack = BoxCloneSyncService<Request, Reply, BoxError>;

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
        BoxCloneSyncService::new(self.layer(inner).map_err(Into::into))
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
