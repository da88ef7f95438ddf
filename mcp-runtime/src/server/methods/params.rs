//! Reading a request's params into the type the method table gives them.

use serde::de::DeserializeOwned;

use crate::protocol::requests::Typed;
use crate::protocol::ErrorObject;
use crate::server::call::{Reply, Request};

/// What a method answers with.
pub(crate) type MethodResult = Result<Reply, ErrorObject>;

/// The params of method `M`, which it requires.
pub(crate) fn params<M: Typed>(req: &Request) -> Result<M::Params, ErrorObject>
where
    M::Params: DeserializeOwned,
{
    read(req)
}

/// The params of method `M`, which may be absent.
pub(crate) fn optional_params<M: Typed>(req: &Request) -> Result<M::Params, ErrorObject>
where
    M::Params: DeserializeOwned + Default,
{
    match req.params.as_deref() {
        None => Ok(M::Params::default()),
        Some(raw) => serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params),
    }
}

/// Required params of a type the table does not give (a streaming method's).
pub(crate) fn read<T: DeserializeOwned>(req: &Request) -> Result<T, ErrorObject> {
    let raw = req.params.as_deref().ok_or_else(|| ErrorObject::invalid_params("missing params"))?;
    serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params)
}
