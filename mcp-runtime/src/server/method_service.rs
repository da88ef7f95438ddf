//! The method table as a tower service: the innermost layer of the
//! middleware stack.

use std::future::Future;
use std::pin::Pin;
use std::sync::Weak;
use std::task::{Context as TaskContext, Poll};

use tower::Service;

use super::call::{Reply, Request};
use super::core::ServerCore;
use super::methods;
use super::middleware::BoxError;
use crate::protocol::ErrorObject;

/// The innermost service: the method table.
#[derive(Clone)]
pub(crate) struct MethodTable {
    pub(crate) core: Weak<ServerCore>,
}

impl Service<Request> for MethodTable {
    type Response = Reply;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Reply, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut TaskContext<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let core = self.core.clone();
        Box::pin(async move {
            let core = core.upgrade().ok_or_else(|| ErrorObject::internal("the server is shutting down"))?;
            methods::call(&core, request).await.map_err(|e| Box::new(e) as BoxError)
        })
    }
}
