//! What both HTTP connectors share: the endpoint URL's check, the tasks of
//! a connection, and the local answer to a request that was not delivered.

use crate::util::MutexExt;
use hyper::Uri;
use serde_json::{json, Value};
use tokio::task::JoinHandle;

use crate::client::error::{AUTHORIZATION_MARK, UNREACHABLE_MARK};
use crate::client::oauth::Refused;
use crate::client::server_link::Frames;
use crate::client::{ClientOptions, Error};

/// Tasks started while a connection runs (such as the GET stream of a
/// session), aborted with it.
pub(super) type Spawned = std::sync::Arc<std::sync::Mutex<Vec<JoinHandle<()>>>>;

/// The background tasks of one HTTP connection; aborted when it closes.
pub(crate) struct Tasks {
    pub(super) handles: Vec<JoinHandle<()>>,
    pub(super) spawned: Spawned,
    /// Run on close (the Streamable HTTP session's DELETE).
    pub(super) farewell: Option<std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>>,
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
        let spawned = self.spawned.locked();
        for handle in self.handles.iter().chain(spawned.iter()) {
            handle.abort();
        }
    }
}

/// Parses an endpoint URL.
pub(super) fn parse_url(url: &str, options: &ClientOptions) -> Result<Uri, Error> {
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
/// [`Error::Authorization`]), or a server it could not reach (marked for
/// [`Error::Unreachable`]).
pub(super) async fn fail_refused(id: Option<&Value>, refused: Refused, frames: &Frames) {
    match refused {
        Refused::Unreachable(detail) => {
            answer_locally(id, &detail, json!({ "httpStatus": null, UNREACHABLE_MARK: detail }), frames).await;
        }
        Refused::Unauthorized(error) => {
            let detail = error.to_string();
            answer_locally(id, &detail, json!({ AUTHORIZATION_MARK: detail }), frames).await;
        }
    }
}

/// The id of a message, if it is a request.
pub(super) fn request_id(message: &Value) -> Option<Value> {
    message.get("method")?;
    message.get("id").cloned()
}

/// When sending a message failed: if it was request `id`, answers it locally
/// with an error (`data.httpStatus` carries the status, when there was one),
/// so its caller hears at once instead of timing out.
pub(super) async fn fail_request(id: Option<&Value>, detail: &str, status: Option<u16>, frames: &Frames) {
    answer_locally(id, detail, json!({ "httpStatus": status }), frames).await;
}

/// Answers request `id` with an internal error carrying `data`; a message
/// that was no request is only logged.
async fn answer_locally(id: Option<&Value>, detail: &str, data: Value, frames: &Frames) {
    let Some(id) = id else {
        tracing::warn!("a message to the server was not delivered: {detail}");
        return;
    };
    let error = json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": -32603, "message": detail, "data": data },
    });
    let _ = frames.send(error.to_string().into_bytes()).await;
}
