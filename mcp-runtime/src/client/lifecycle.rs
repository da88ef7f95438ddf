//! Starting a conversation: the `initialize` handshake of the session era
//! (2024-11-05 to 2025-11-25), or, under 2026-07-28, per-request `_meta`
//! and an optional `server/discover`; with one retry at a version the server
//! names when it rejects the first choice.

use std::sync::Arc;

use serde_json::{json, Value};

use super::connection::Connection;
use super::{protocol, Attached, Client, ClientOptions, Error};
use crate::protocol::{ErrorObject, Implementation, ProtocolVersion};

/// What the server told the client about itself.
struct Introduction {
    server_info: Implementation,
    capabilities: Value,
    version: ProtocolVersion,
}

impl Client {
    /// Runs the lifecycle's opening for `options.protocol_version`.
    pub(crate) async fn handshake(
        conn: Arc<Connection>,
        options: &ClientOptions,
        attached: Option<Attached>,
    ) -> Result<Client, Error> {
        let wanted = options.protocol_version.unwrap_or(ProtocolVersion::LATEST_SESSION);
        let intro = match introduce(&conn, options, wanted).await {
            Err(Error::Rpc { error, .. }) if error.code == crate::protocol::codes::UNSUPPORTED_PROTOCOL_VERSION => {
                let Some(other) = supported_instead(&error) else {
                    return Err(Error::Rpc { server: conn.server.clone(), error });
                };
                introduce(&conn, options, other).await?
            }
            other => other?,
        };
        let Introduction { server_info, capabilities, version } = intro;
        Ok(Client { conn, timeout: options.timeout, server_info, capabilities, version, attached })
    }
}

async fn introduce(
    conn: &Connection,
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
    conn: &Connection,
    options: &ClientOptions,
    version: ProtocolVersion,
) -> Result<Introduction, Error> {
    let params = json!({
        "protocolVersion": version.as_str(),
        "capabilities": options.handlers.capabilities(),
        "clientInfo": options.client_info,
    });
    let raw = conn.request("initialize", params, options.timeout).await?;
    let result: Value = serde_json::from_str(raw.get()).map_err(|e| protocol(conn, e))?;
    let server_info = serde_json::from_value(result["serverInfo"].clone()).map_err(|e| protocol(conn, e))?;
    let version =
        result["protocolVersion"]
            .as_str()
            .and_then(ProtocolVersion::parse)
            .filter(|v| v.uses_initialize())
            .ok_or_else(|| protocol(conn, format!("unsupported protocol version {}", result["protocolVersion"])))?;
    conn.notify("notifications/initialized", &json!({}))?;
    Ok(Introduction { server_info, capabilities: result["capabilities"].clone(), version })
}

async fn discover(conn: &Connection, options: &ClientOptions, version: ProtocolVersion) -> Result<Introduction, Error> {
    let raw = conn.request("server/discover", json!({}), options.timeout).await?;
    let result: Value = serde_json::from_str(raw.get()).map_err(|e| protocol(conn, e))?;
    let info = match result.pointer("/_meta/io.modelcontextprotocol~1serverInfo") {
        Some(info) => info.clone(),
        None => result["serverInfo"].clone(),
    };
    let server_info = serde_json::from_value(info).map_err(|e| protocol(conn, format!("`server/discover`: {e}")))?;
    Ok(Introduction { server_info, capabilities: result["capabilities"].clone(), version })
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
