//! The results that open a connection, typed for both sides: what the
//! server answers to `initialize` (the session era) and to
//! `server/discover` (2026-07-28).

use serde::{Deserialize, Serialize};

use super::capabilities::null_as_default;
use super::{Implementation, ServerCapabilities};

/// The `initialize` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InitializeResult {
    /// The revision the server chose.
    pub protocol_version: String,
    /// What the server offers.
    #[serde(default, deserialize_with = "null_as_default")]
    pub capabilities: ServerCapabilities,
    /// The server's name and version.
    pub server_info: Implementation,
    /// How to use the server, for the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
}

/// The `server/discover` result (before the members every 2026-07-28
/// result carries).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DiscoverResult {
    /// Every revision the server speaks.
    #[serde(default)]
    pub supported_versions: Vec<String>,
    /// What the server offers.
    #[serde(default, deserialize_with = "null_as_default")]
    pub capabilities: ServerCapabilities,
    /// How to use the server, for the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_null_or_missing_capabilities_object_offers_nothing() {
        let info = json!({"name": "s", "version": "1"});
        let result: InitializeResult =
            serde_json::from_value(json!({"protocolVersion": "2025-11-25", "capabilities": null, "serverInfo": info}))
                .expect("parses");
        assert_eq!(result.capabilities, ServerCapabilities::default());
        let discovered: DiscoverResult = serde_json::from_value(json!({})).expect("parses");
        assert!(discovered.supported_versions.is_empty() && discovered.capabilities.tools.is_none());
    }
}
