//! HTTP connectors (feature `http-client`): Streamable HTTP, the legacy
//! HTTP+SSE transport, and discovery between them.

mod legacy_sse;
mod streamable;
#[cfg(feature = "tls")]
mod tls;
pub(crate) mod wire;

use hyper::Uri;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::{Client, ClientOptions, Error};

pub(crate) use legacy_sse::connect as connect_sse;
pub(crate) use streamable::connect as connect_streamable;

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

/// Tasks started while a connection runs (such as the GET stream of a
/// session), aborted with it.
type Spawned = std::sync::Arc<std::sync::Mutex<Vec<JoinHandle<()>>>>;

/// The background tasks of one HTTP connection; aborted when it closes.
pub(crate) struct Tasks {
    handles: Vec<JoinHandle<()>>,
    spawned: Spawned,
    /// Run on close (the Streamable HTTP session's DELETE).
    farewell: Option<std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>>,
}

impl Tasks {
    pub(crate) async fn shut_down(mut self) {
        if let Some(farewell) = self.farewell.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(2), farewell).await;
        }
    }
}

impl Drop for Tasks {
    fn drop(&mut self) {
        let spawned = self.spawned.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for handle in self.handles.iter().chain(spawned.iter()) {
            handle.abort();
        }
    }
}

/// Parses an endpoint URL.
fn parse_url(url: &str, options: &ClientOptions) -> Result<Uri, Error> {
    let schemes: &[&str] = if cfg!(feature = "tls") { &["http", "https"] } else { &["http"] };
    let parsed = url.parse::<Uri>().ok().filter(|u| u.host().is_some());
    let scheme = parsed.as_ref().and_then(Uri::scheme_str).unwrap_or_default();
    match parsed {
        Some(uri) if schemes.contains(&scheme) => Ok(uri),
        _ => {
            let https = if cfg!(feature = "tls") { " or https://" } else { " (https:// needs the `tls` feature)" };
            Err(Error::Protocol {
                server: options.server_name.clone(),
                detail: format!("`{url}` is not an http://{https} URL"),
            })
        }
    }
}

/// Answers request `id` locally after `refused`: an unreachable server, or
/// an authorization that failed (marked so the client reports
/// [`Error::Authorization`]).
fn fail_refused(id: Option<&Value>, refused: crate::client::oauth::Refused, frames: &mpsc::UnboundedSender<Vec<u8>>) {
    use crate::client::oauth::Refused;
    match refused {
        Refused::Unreachable(detail) => fail_request(id, &detail, None, frames),
        Refused::Unauthorized(detail) => {
            answer_locally(id, &detail, json!({ crate::client::AUTHORIZATION_MARK: detail }), frames);
        }
    }
}

/// The id of a message, if it is a request.
fn request_id(message: &Value) -> Option<Value> {
    message.get("method")?;
    message.get("id").cloned()
}

/// When sending a message failed: if it was request `id`, answers it locally
/// with an error (`data.httpStatus` carries the status, when there was one),
/// so its caller hears at once instead of timing out.
fn fail_request(id: Option<&Value>, detail: &str, status: Option<u16>, frames: &mpsc::UnboundedSender<Vec<u8>>) {
    answer_locally(id, detail, json!({ "httpStatus": status }), frames);
}

/// Answers request `id` with an internal error carrying `data`; a message
/// that was no request is only logged.
fn answer_locally(id: Option<&Value>, detail: &str, data: Value, frames: &mpsc::UnboundedSender<Vec<u8>>) {
    let Some(id) = id else {
        tracing::warn!("a message to the server was not delivered: {detail}");
        return;
    };
    let error = json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": -32603, "message": detail, "data": data },
    });
    let _ = frames.send(error.to_string().into_bytes());
}
