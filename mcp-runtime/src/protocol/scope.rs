//! [`Scope`]: the rules one request is served under.
//!
//! In the session era they come from `initialize`. Under 2026-07-28 every
//! request carries them in `_meta`: the revision, the client's capabilities
//! and info, and the log level it wants. A request is served statelessly
//! exactly when its `_meta` names a protocol version.

use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use super::log::LogLevel;
use super::{codes, ErrorObject, Implementation, ProtocolVersion};

pub(crate) const VERSION_KEY: &str = "io.modelcontextprotocol/protocolVersion";
const CAPABILITIES_KEY: &str = "io.modelcontextprotocol/clientCapabilities";
const CLIENT_INFO_KEY: &str = "io.modelcontextprotocol/clientInfo";
const LOG_LEVEL_KEY: &str = "io.modelcontextprotocol/logLevel";

/// The revisions served statelessly (through `_meta`).
pub(crate) const STATELESS_VERSIONS: [ProtocolVersion; 1] = [ProtocolVersion::V2026_07_28];

/// Who asks, and under which revision, for one request.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub(crate) version: Option<ProtocolVersion>,
    pub(crate) stateless: bool,
    pub(crate) client_info: Option<Implementation>,
    pub(crate) client_capabilities: Value,
    /// Stateless only: the level the request asked for (`None`: no logs).
    pub(crate) log_level: Option<LogLevel>,
}

impl Scope {
    /// The rules of a request that reached no session (a detached context).
    pub(crate) fn detached() -> Self {
        Scope { version: None, stateless: false, client_info: None, client_capabilities: Value::Null, log_level: None }
    }

    /// The revision lists and results are shaped for.
    pub(crate) fn shape(&self) -> ProtocolVersion {
        self.version.unwrap_or(ProtocolVersion::LATEST_SESSION)
    }
}

/// The stateless scope of a request, if its `_meta` names a protocol version.
pub(crate) fn stateless_scope(params: Option<&RawValue>) -> Result<Option<Scope>, ErrorObject> {
    // Cheap test first: session-era requests never pay for a second parse.
    let Some(raw) = params.filter(|p| p.get().contains(VERSION_KEY)) else { return Ok(None) };
    #[derive(serde::Deserialize)]
    struct MetaOnly {
        #[serde(rename = "_meta")]
        meta: Option<Map<String, Value>>,
    }
    let meta = serde_json::from_str::<MetaOnly>(raw.get()).ok().and_then(|m| m.meta);
    let Some(meta) = meta.filter(|m| m.contains_key(VERSION_KEY)) else { return Ok(None) };
    scope_from_meta(&meta).map(Some)
}

/// The stateless scope a `_meta` that names a protocol version describes.
pub(crate) fn scope_from_meta(meta: &Map<String, Value>) -> Result<Scope, ErrorObject> {
    let requested =
        meta.get(VERSION_KEY).and_then(Value::as_str).ok_or_else(|| invalid_meta(VERSION_KEY, "a string"))?;
    let version = ProtocolVersion::parse(requested)
        .filter(|v| STATELESS_VERSIONS.contains(v))
        .ok_or_else(|| unsupported_version(requested))?;
    let client_capabilities = match meta.get(CAPABILITIES_KEY) {
        Some(v @ Value::Object(_)) => v.clone(),
        _ => return Err(invalid_meta(CAPABILITIES_KEY, "an object (it is required)")),
    };
    let client_info = match meta.get(CLIENT_INFO_KEY) {
        None => None,
        Some(v) => {
            Some(serde_json::from_value(v.clone()).map_err(|_| invalid_meta(CLIENT_INFO_KEY, "{name, version}"))?)
        }
    };
    let log_level = match meta.get(LOG_LEVEL_KEY) {
        None => None,
        Some(v) => Some(serde_json::from_value(v.clone()).map_err(|_| invalid_meta(LOG_LEVEL_KEY, "a log level"))?),
    };
    Ok(Scope { version: Some(version), stateless: true, client_info, client_capabilities, log_level })
}

fn invalid_meta(key: &str, expected: &str) -> ErrorObject {
    ErrorObject::invalid_params(format!("invalid `_meta`: `{key}` must be {expected}"))
}

/// `-32022`, with the versions this server serves statelessly.
pub(crate) fn unsupported_version(requested: &str) -> ErrorObject {
    let supported: Vec<&str> = STATELESS_VERSIONS.iter().map(|v| v.as_str()).collect();
    ErrorObject::new(codes::UNSUPPORTED_PROTOCOL_VERSION, format!("Unsupported protocol version: {requested}"))
        .with_data(json!({ "supported": supported, "requested": requested }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(params: &str) -> Result<Option<Scope>, ErrorObject> {
        let raw = RawValue::from_string(params.to_owned()).expect("json");
        stateless_scope(Some(&raw))
    }

    const GOOD: &str = r#"{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/logLevel":"debug"}}"#;

    #[test]
    fn meta_with_a_version_is_stateless() {
        let s = scope(GOOD).expect("valid").expect("stateless");
        assert_eq!(
            (s.version, s.stateless, s.log_level),
            (Some(ProtocolVersion::V2026_07_28), true, Some(LogLevel::Debug))
        );
        assert!(scope(r#"{"name":"x"}"#).expect("valid").is_none());
    }

    #[test]
    fn bad_meta_is_invalid_params() {
        let no_caps = r#"{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}"#;
        assert_eq!(scope(no_caps).expect_err("caps required").code, codes::INVALID_PARAMS);
        let bad_level = GOOD.replace("\"debug\"", "\"loud\"");
        assert_eq!(scope(&bad_level).expect_err("level").code, codes::INVALID_PARAMS);
        let number = r#"{"_meta":{"io.modelcontextprotocol/protocolVersion":7,"io.modelcontextprotocol/clientCapabilities":{}}}"#;
        assert_eq!(scope(number).expect_err("string").code, codes::INVALID_PARAMS);
    }

    #[test]
    fn unknown_versions_are_unsupported() {
        let old = GOOD.replace("2026-07-28", "2025-11-25");
        let e = scope(&old).expect_err("session-era version in _meta");
        assert_eq!(e.code, codes::UNSUPPORTED_PROTOCOL_VERSION);
        assert_eq!(e.data, Some(json!({"supported": ["2026-07-28"], "requested": "2025-11-25"})));
    }
}
