//! Discovery between the two HTTP transports: Streamable HTTP first, the
//! legacy HTTP+SSE transport when the server refuses it.

use serde_json::Value;

use super::{connect_sse, connect_streamable};
use crate::client::{Client, ClientOptions, Error};

/// Tries Streamable HTTP; if the server answers the `initialize` POST with a
/// 4xx status, falls back to the legacy HTTP+SSE transport (a GET on the same
/// URL), as the specification's backwards-compatibility section describes.
pub(crate) async fn connect_auto(url: &str, options: ClientOptions) -> Result<Client, Error> {
    match connect_streamable(url, options.clone()).await {
        Err(Error::Rpc { error, .. }) if is_client_error(error.data.as_ref()) => connect_sse(url, options).await,
        other => other,
    }
}

fn is_client_error(data: Option<&Value>) -> bool {
    data.and_then(|d| d["httpStatus"].as_u64()).is_some_and(|status| (400..500).contains(&status))
}
