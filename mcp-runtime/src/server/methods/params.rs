//! Reading a request's params into the type its method expects.

use serde::de::DeserializeOwned;

use crate::protocol::ErrorObject;
use crate::server::call::{Reply, Request};

/// What a method answers with.
pub(crate) type MethodResult = Result<Reply, ErrorObject>;

/// The params, which the method requires.
pub(crate) fn params<T: DeserializeOwned>(req: &Request) -> Result<T, ErrorObject> {
    let raw = req.params.as_deref().ok_or_else(|| ErrorObject::invalid_params("missing params"))?;
    serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params)
}

/// The params, which may be absent.
pub(crate) fn optional_params<T: DeserializeOwned + Default>(req: &Request) -> Result<T, ErrorObject> {
    match req.params.as_deref() {
        None => Ok(T::default()),
        Some(raw) => serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params),
    }
}
