//! Reading a request's params into the type the method table gives them.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

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
    read(req.params.as_deref())
}

/// The params of method `M`, which may be absent.
pub(crate) fn optional_params<M: Typed>(req: &Request) -> Result<M::Params, ErrorObject>
where
    M::Params: DeserializeOwned + Default,
{
    match req.params.as_deref() {
        None => Ok(M::Params::default()),
        raw => read(raw),
    }
}

/// Required params, read from a request's raw `params`: for a type the
/// table does not give (a streaming method's), or one that borrows from
/// them (`tools/call`'s arguments).
pub(crate) fn read<'a, T: Deserialize<'a>>(params: Option<&'a RawValue>) -> Result<T, ErrorObject> {
    let raw = params.ok_or_else(|| ErrorObject::invalid_params("missing params"))?;
    serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params)
}
