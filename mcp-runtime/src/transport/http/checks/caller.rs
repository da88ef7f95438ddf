//! [`Caller`]: the checks every MCP endpoint starts with, as one axum
//! extractor: `Host` and `Origin` first, then the bearer token when the
//! server authorizes requests.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::handler::{Extensions, Identity};
use crate::transport::http::checks::bearer::caller;
use crate::transport::http::checks::guard::check_origin_and_host;
use crate::transport::http::sessions::state::HttpState;

/// Who sent a request that passed the front checks: the token's identity,
/// or `None` on a server that does not authorize requests. Extracting it
/// refuses the request with 403, 421, 401 or 503 otherwise.
pub(in crate::transport::http) struct Caller(pub(in crate::transport::http) Option<Identity>);

impl Caller {
    /// The extensions a request of this caller carries to the core.
    pub(in crate::transport::http) fn into_extensions(self) -> Extensions {
        let mut extensions = Extensions::new();
        if let Some(identity) = self.0 {
            extensions.insert(identity);
        }
        extensions
    }
}

impl FromRequestParts<Arc<HttpState>> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<HttpState>) -> Result<Self, Response> {
        check_origin_and_host(&parts.headers, &state.options).map_err(IntoResponse::into_response)?;
        caller(state.gate.as_ref(), &parts.headers).await.map(Caller).map_err(IntoResponse::into_response)
    }
}
