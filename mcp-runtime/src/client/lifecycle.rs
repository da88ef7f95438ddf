//! Starting a conversation: the `initialize` handshake of the session era
//! (2024-11-05 to 2025-11-25), or, under 2026-07-28, per-request `_meta`
//! and an optional `server/discover`; with one retry at a version the server
//! names when it rejects the first choice.

use crate::util::MutexExt;
use std::sync::Arc;

use serde_json::{json, Value};

use super::attached::Attached;
use super::server_link::{protocol, ServerLink};
use super::{Client, ClientOptions, Error};
use crate::protocol::requests::{Discover, Initialize, InitializeParams, Typed};
use crate::protocol::{
    DiscoverResult, ErrorObject, Implementation, InitializeResult, ProtocolVersion, ServerCapabilities,
};

/// What the server told the client about itself.
struct Introduction {
    server_info: Implementation,
    capabilities: ServerCapabilities,
    version: ProtocolVersion,
}

impl Client {
    /// Runs the lifecycle's opening for `options.protocol_version`; with
    /// none set, probes with `server/discover` first (see [`probe`]). The
    /// whole opening, probe and fallback together, gets `options.timeout`.
    pub(crate) async fn handshake(
        conn: Arc<ServerLink>,
        options: &ClientOptions,
        attached: Option<Attached>,
    ) -> Result<Client, Error> {
        let opening = async {
            match options.protocol_version {
                Some(version) => introduce_or_retry(&conn, options, version).await,
                None => probe(&conn, options).await,
            }
        };
        let intro = match tokio::time::timeout(options.timeout, opening).await {
            Ok(intro) => intro?,
            Err(_) => return Err(conn.timeout_error(Initialize::METHOD.as_str(), options.timeout)),
        };
        let Introduction { server_info, capabilities, version } = intro;
        Ok(Client {
            conn,
            timeout: options.timeout,
            server_info,
            capabilities,
            version,
            attached,
            listens: Default::default(),
        })
    }
}

/// Connects with `connect`. If the connection dies during the era probe
/// (servers on older SDKs, such as mcp 1.4.1, exit on a method they do not
/// know), connects again and goes straight to `initialize`.
pub(crate) async fn connect_surviving_the_probe<F, Fut>(options: ClientOptions, connect: F) -> Result<Client, Error>
where
    F: Fn(ClientOptions) -> Fut,
    Fut: std::future::Future<Output = Result<Client, Error>>,
{
    match connect(options.clone()).await {
        Err(Error::Closed { .. }) if options.protocol_version.is_none() => {
            tracing::debug!("server `{}` closed on the era probe; connecting again", options.server_name);
            connect(options.protocol_version(ProtocolVersion::LATEST_SESSION)).await
        }
        other => other,
    }
}

/// The era probe of the 2026-07-28 backward-compatibility rules: a modern
/// `server/discover` first; a recognized modern error means a modern server
/// (retry at a version it lists); any other error, or no answer within
/// [`PROBE_TIMEOUT`], means a legacy server, which gets `initialize`.
async fn probe(conn: &ServerLink, options: &ClientOptions) -> Result<Introduction, Error> {
    let mut probing = options.clone();
    probing.timeout = options.timeout.min(PROBE_TIMEOUT);
    match introduce_or_retry(conn, &probing, ProtocolVersion::V2026_07_28).await {
        Ok(intro) => Ok(intro),
        Err(
            e @ (Error::Closed { .. } | Error::Spawn { .. } | Error::Authorization { .. } | Error::Unreachable { .. }),
        ) => Err(e),
        // Output that is not JSON-RPC will not turn into an answer.
        Err(e @ Error::Protocol { .. }) => Err(e),
        Err(Error::Rpc { error, server }) if is_modern_error(error.code) => Err(Error::Rpc { error, server }),
        Err(_) => introduce(conn, options, ProtocolVersion::LATEST_SESSION).await,
    }
}

/// How long the probe waits before taking silence for a legacy server.
const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

fn is_modern_error(code: i32) -> bool {
    use crate::protocol::codes;
    matches!(
        code,
        codes::UNSUPPORTED_PROTOCOL_VERSION | codes::MISSING_REQUIRED_CLIENT_CAPABILITY | codes::HEADER_MISMATCH
    )
}

/// Introduces at `version`, retrying once at a version the server lists
/// when it rejects that one with `-32022`.
async fn introduce_or_retry(
    conn: &ServerLink,
    options: &ClientOptions,
    version: ProtocolVersion,
) -> Result<Introduction, Error> {
    match introduce(conn, options, version).await {
        Err(Error::Rpc { error, server }) if error.code == crate::protocol::codes::UNSUPPORTED_PROTOCOL_VERSION => {
            match supported_instead(&error) {
                Some(other) => introduce(conn, options, other).await,
                None => Err(Error::Rpc { server, error }),
            }
        }
        other => other,
    }
}

async fn introduce(
    conn: &ServerLink,
    options: &ClientOptions,
    version: ProtocolVersion,
) -> Result<Introduction, Error> {
    if version.uses_initialize() {
        conn.set_meta(None);
        initialize(conn, options, version).await
    } else {
        conn.set_meta(Some(json!({
            "io.modelcontextprotocol/protocolVersion": version.as_str(),
            "io.modelcontextprotocol/clientInfo": options.client_info,
            "io.modelcontextprotocol/clientCapabilities": options.handlers.capabilities(),
        })));
        discover(conn, options, version).await
    }
}

async fn initialize(
    conn: &ServerLink,
    options: &ClientOptions,
    version: ProtocolVersion,
) -> Result<Introduction, Error> {
    let params = json!(InitializeParams {
        protocol_version: version.as_str().into(),
        capabilities: Some(options.handlers.capabilities()),
        client_info: Some(json!(options.client_info)),
    });
    let raw = conn.request(Initialize::METHOD.as_str(), &params, options.timeout).await?;
    let result: InitializeResult = serde_json::from_str(raw.get())
        .map_err(|e| protocol(conn, format!("the `initialize` result is malformed: {e}")))?;
    let version = ProtocolVersion::parse(&result.protocol_version)
        .filter(|v| v.uses_initialize())
        .ok_or_else(|| protocol(conn, format!("unsupported protocol version \"{}\"", result.protocol_version)))?;
    *conn.session_version.locked() = Some(version);
    conn.notify("notifications/initialized", &json!({}))?;
    Ok(Introduction { server_info: result.server_info, capabilities: result.capabilities, version })
}

async fn discover(conn: &ServerLink, options: &ClientOptions, version: ProtocolVersion) -> Result<Introduction, Error> {
    let raw = conn.request(Discover::METHOD.as_str(), &json!({}), options.timeout).await?;
    let result: Value = serde_json::from_str(raw.get()).map_err(|e| protocol(conn, e))?;
    let info = match result.pointer("/_meta/io.modelcontextprotocol~1serverInfo") {
        Some(info) => info.clone(),
        None => result["serverInfo"].clone(),
    };
    let server_info = serde_json::from_value(info).map_err(|e| protocol(conn, format!("`server/discover`: {e}")))?;
    let discovered: DiscoverResult = serde_json::from_value(result)
        .map_err(|e| protocol(conn, format!("the `server/discover` result is malformed: {e}")))?;
    let supported: Vec<ProtocolVersion> =
        discovered.supported_versions.iter().filter_map(|v| ProtocolVersion::parse(v)).collect();
    // A server that lists only session-era versions gets `initialize` at the newest.
    if let Some(newest) = supported.iter().copied().max().filter(|_| !supported.contains(&version)) {
        conn.set_meta(None);
        return initialize(conn, options, newest).await;
    }
    Ok(Introduction { server_info, capabilities: discovered.capabilities, version })
}

/// The newest version the server lists in its `-32022` error that this
/// client speaks (possibly the one just tried: the client retries once).
fn supported_instead(error: &ErrorObject) -> Option<ProtocolVersion> {
    let data = error.data.as_ref()?;
    let listed = data.get("supported").or_else(|| data.get("supportedVersions"))?.as_array()?;
    listed.iter().filter_map(Value::as_str).filter_map(ProtocolVersion::parse).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(supported: Value) -> ErrorObject {
        ErrorObject {
            code: -32022,
            message: "Unsupported protocol version".into(),
            data: Some(json!({ "supported": supported })),
        }
    }

    #[test]
    fn the_retry_takes_the_newest_version_both_sides_speak() {
        let later = rejected(json!(["2025-06-18", "2099-01-01", "2025-11-25"]));
        assert_eq!(supported_instead(&later), Some(ProtocolVersion::V2025_11_25));
        assert_eq!(supported_instead(&rejected(json!(["1999-01-01"]))), None);
        assert_eq!(supported_instead(&ErrorObject::new(-32022, "no data")), None);
    }
}
