//! `initialize`, `ping`, `server/discover` and `logging/setLevel`.

use serde_json::json;

use serde_json::value::RawValue;

use super::params::{params, read, MethodResult};
use crate::protocol::requests::{InitializeParams, SetLevel};
use crate::protocol::scope::ClientProfile;
use crate::protocol::ErrorObject;
use crate::server::call::{Reply, Request};
use crate::server::core::ServerCore;

pub(crate) fn initialize(core: &ServerCore, req: &Request) -> MethodResult {
    let session = req.route.session.as_ref().ok_or_else(|| ErrorObject::method_not_found("initialize"))?;
    let params: InitializeParams<&RawValue> = read(req.params.as_deref())?;
    let client = ClientProfile::from_initialize(params.client_info, params.capabilities)?;
    let version = session
        .initialize(&params.protocol_version, client)
        .ok_or_else(|| ErrorObject::invalid_request("`initialize` was already called on this session"))?;
    Ok(Reply::Json(core.initialize_result(version)))
}

pub(crate) fn ping() -> MethodResult {
    Ok(Reply::Json(json!({})))
}

pub(crate) fn discover(core: &ServerCore) -> MethodResult {
    Ok(Reply::Json(core.discover_result()))
}

pub(crate) fn set_level(req: &Request) -> MethodResult {
    let params = params::<SetLevel>(req)?;
    if let Some(session) = &req.route.session {
        session.set_log_level(params.level);
    }
    Ok(Reply::Json(json!({})))
}
