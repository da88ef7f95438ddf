//! [`Scope`]: the rules one request is served under.
//!
//! In the session era they come from `initialize`. Under 2026-07-28 every
//! request carries them in `_meta`: the revision, the client's capabilities
//! and info, and the log level it wants. A request is served statelessly
//! exactly when its `_meta` names a protocol version.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::log::LogLevel;
use super::{codes, ErrorObject, Implementation, ProtocolVersion};

const VERSION_KEY: &str = "io.modelcontextprotocol/protocolVersion";
const CAPABILITIES_KEY: &str = "io.modelcontextprotocol/clientCapabilities";
const CLIENT_INFO_KEY: &str = "io.modelcontextprotocol/clientInfo";
const LOG_LEVEL_KEY: &str = "io.modelcontextprotocol/logLevel";

/// The revisions served statelessly (through `_meta`).
pub(crate) const STATELESS_VERSIONS: [ProtocolVersion; 1] = [ProtocolVersion::V2026_07_28];

/// The most bytes of JSON a client's `capabilities` and `clientInfo` may
/// take together: a session keeps them for its whole life.
pub(crate) const MAX_CLIENT_PROFILE_BYTES: usize = 16 * 1024;

/// What a client said of itself: its `clientInfo` and `capabilities`, kept
/// by its session (shared by every request's [`Scope`], never copied) or
/// read from one request's `_meta`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ClientProfile {
    pub(crate) info: Option<Implementation>,
    pub(crate) capabilities: Value,
}

impl ClientProfile {
    /// Refuses members larger than [`MAX_CLIENT_PROFILE_BYTES`], measured
    /// as sent, before anything is built from them.
    pub(crate) fn check_size(info: Option<&RawValue>, capabilities: Option<&RawValue>) -> Result<(), ErrorObject> {
        let size = info.map_or(0, |r| r.get().len()) + capabilities.map_or(0, |r| r.get().len());
        if size > MAX_CLIENT_PROFILE_BYTES {
            return Err(ErrorObject::invalid_params(format!(
                "`capabilities` and `clientInfo` take {size} bytes together; this server keeps at most \
                 {MAX_CLIENT_PROFILE_BYTES}"
            )));
        }
        Ok(())
    }

    /// The profile an `initialize` request gives, within the size limit.
    pub(crate) fn from_initialize(
        info: Option<&RawValue>,
        capabilities: Option<&RawValue>,
    ) -> Result<Self, ErrorObject> {
        Self::check_size(info, capabilities)?;
        let capabilities = match capabilities {
            Some(raw) => serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params)?,
            None => Value::Null,
        };
        let info = match info {
            Some(raw) => Some(serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params)?),
            None => None,
        };
        Ok(ClientProfile { info, capabilities })
    }
}

/// Who asks, and under which revision, for one request.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub(crate) version: Option<ProtocolVersion>,
    pub(crate) stateless: bool,
    /// Who the client is; cloning a scope only counts a reference.
    pub(crate) client: Arc<ClientProfile>,
    /// Stateless only: the level the request asked for (`None`: no logs).
    pub(crate) log_level: Option<LogLevel>,
}

impl Scope {
    /// The rules of a request that reached no session (a detached context).
    pub(crate) fn detached() -> Self {
        Scope { version: None, stateless: false, client: Arc::default(), log_level: None }
    }

    /// The revision lists and results are shaped for.
    pub(crate) fn shape(&self) -> ProtocolVersion {
        self.version.unwrap_or(ProtocolVersion::LATEST_SESSION)
    }
}

/// The members of a request's `_meta` that set its rules, read without
/// building a JSON tree. `None` members are absent.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct MetaFields<'a> {
    #[serde(borrow, default, rename = "io.modelcontextprotocol/protocolVersion")]
    version: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "io.modelcontextprotocol/clientCapabilities")]
    capabilities: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "io.modelcontextprotocol/clientInfo")]
    client_info: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "io.modelcontextprotocol/logLevel")]
    log_level: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct MetaOnly<'a> {
    #[serde(borrow, default, rename = "_meta")]
    meta: Option<MetaFields<'a>>,
}

impl<'a> MetaFields<'a> {
    /// The `_meta` of `params`, when it names a protocol version (a
    /// 2026-07-28 request); a session-era request costs one substring scan.
    pub(crate) fn of(params: Option<&'a RawValue>) -> Option<MetaFields<'a>> {
        let raw = params.filter(|p| p.get().contains(VERSION_KEY))?;
        serde_json::from_str::<MetaOnly<'a>>(raw.get()).ok()?.meta.filter(|m| m.version.is_some())
    }

    /// The fields of a raw `_meta` object, when it names a protocol version.
    #[cfg_attr(not(feature = "server-http"), allow(dead_code))]
    pub(crate) fn of_meta(meta: &'a RawValue) -> Option<MetaFields<'a>> {
        if !meta.get().contains(VERSION_KEY) {
            return None;
        }
        serde_json::from_str::<MetaFields<'a>>(meta.get()).ok().filter(|m| m.version.is_some())
    }

    /// The protocol version, as the body spells it (when it is a string).
    pub(crate) fn version(&self) -> Option<std::borrow::Cow<'a, str>> {
        let raw = self.version?;
        match serde_json::from_str::<&'a str>(raw.get()) {
            Ok(version) => Some(std::borrow::Cow::Borrowed(version)),
            Err(_) => serde_json::from_str::<String>(raw.get()).ok().map(std::borrow::Cow::Owned),
        }
    }

    /// The rules these members set.
    pub(crate) fn scope(&self) -> Result<Scope, ErrorObject> {
        let requested = self.version().ok_or_else(|| invalid_meta(VERSION_KEY, "a string"))?;
        let version = ProtocolVersion::parse(&requested)
            .filter(|v| STATELESS_VERSIONS.contains(v))
            .ok_or_else(|| unsupported_version(&requested))?;
        ClientProfile::check_size(self.client_info, self.capabilities)?;
        let capabilities = match self.capabilities.map(|c| serde_json::from_str::<Value>(c.get())) {
            Some(Ok(caps @ Value::Object(_))) => caps,
            _ => return Err(invalid_meta(CAPABILITIES_KEY, "an object (it is required)")),
        };
        let info = match self.client_info {
            None => None,
            Some(raw) => {
                Some(serde_json::from_str(raw.get()).map_err(|_| invalid_meta(CLIENT_INFO_KEY, "{name, version}"))?)
            }
        };
        let log_level = match self.log_level {
            None => None,
            Some(raw) => Some(serde_json::from_str(raw.get()).map_err(|_| invalid_meta(LOG_LEVEL_KEY, "a log level"))?),
        };
        let client = Arc::new(ClientProfile { info, capabilities });
        Ok(Scope { version: Some(version), stateless: true, client, log_level })
    }
}

/// The stateless scope of a request, if its `_meta` names a protocol version.
pub(crate) fn stateless_scope(params: Option<&RawValue>) -> Result<Option<Scope>, ErrorObject> {
    MetaFields::of(params).map(|meta| meta.scope()).transpose()
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
