//! The MCP headers: `Mcp-Session-Id`, `MCP-Protocol-Version`, and the
//! 2026-07-28 mirrors of the body (`Mcp-Method`, `Mcp-Name`).

use axum::http::HeaderMap;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::protocol::method::Method;
use crate::protocol::{codes, ErrorObject, ProtocolVersion};
use crate::util::base64;

/// The session header of the session era.
pub(in crate::transport::http) const SESSION_ID: &str = "mcp-session-id";
const PROTOCOL_VERSION: &str = "mcp-protocol-version";
const METHOD: &str = "mcp-method";
const NAME: &str = "mcp-name";

/// Session era: an absent header means 2025-03-26; a present one must be a
/// revision this server speaks.
pub(in crate::transport::http) fn session_version_ok(headers: &HeaderMap) -> bool {
    match headers.get(PROTOCOL_VERSION) {
        None => true,
        Some(v) => v.to_str().ok().and_then(ProtocolVersion::parse).is_some(),
    }
}

/// What the 2026-07-28 headers mirror, as the body says it.
#[derive(Debug, Default)]
pub(in crate::transport::http) struct Mirrored<'a> {
    /// The method, if the message has one.
    pub(in crate::transport::http) method: Option<&'a str>,
    /// The method, when the method table has it.
    pub(in crate::transport::http) known: Option<Method>,
    /// `params.name` (`tools/call`, `prompts/get`) or `params.uri` (`resources/read`).
    pub(in crate::transport::http) target: Option<&'a str>,
    /// `params._meta["io.modelcontextprotocol/protocolVersion"]`, if a string.
    pub(in crate::transport::http) version: Option<&'a str>,
}

/// 2026-07-28: `MCP-Protocol-Version` must be present and name the body's version.
pub(in crate::transport::http) fn check_version_header(
    headers: &HeaderMap,
    body: &Mirrored<'_>,
) -> Result<(), ErrorObject> {
    compare(headers, PROTOCOL_VERSION, "MCP-Protocol-Version", body.version)
}

/// 2026-07-28: the mirrored headers must be present and agree with the body.
pub(in crate::transport::http) fn check_mirrored_headers(
    headers: &HeaderMap,
    body: &Mirrored<'_>,
) -> Result<(), ErrorObject> {
    check_version_header(headers, body)?;
    compare(headers, METHOD, "Mcp-Method", body.method)?;
    match body.known.and_then(Method::mirrored_in_name) {
        Some(_) => compare(headers, NAME, "Mcp-Name", body.target),
        None => Ok(()),
    }
}

fn compare(headers: &HeaderMap, key: &str, shown: &str, body: Option<&str>) -> Result<(), ErrorObject> {
    let Some(raw) = headers.get(key) else {
        return Err(mismatch(format!("the required {shown} header is missing")));
    };
    let header =
        raw.to_str().ok().and_then(decode_sentinel).ok_or_else(|| mismatch(format!("{shown} is malformed")))?;
    match body {
        Some(body) if body == &*header => Ok(()),
        Some(body) => Err(mismatch(format!("{shown} header value '{header}' does not match body value '{body}'"))),
        None => Err(mismatch(format!("{shown} header has no counterpart in the body"))),
    }
}

/// `=?base64?...?=` values are decoded; plain ASCII is taken as it is.
fn decode_sentinel(value: &str) -> Option<std::borrow::Cow<'_, str>> {
    match value.strip_prefix("=?base64?").and_then(|v| v.strip_suffix("?=")) {
        Some(encoded) => String::from_utf8(base64::decode_strict(encoded)?).ok().map(std::borrow::Cow::Owned),
        None => Some(std::borrow::Cow::Borrowed(value)),
    }
}

/// 2026-07-28: every tool argument marked `x-mcp-header` that has a value
/// must arrive in its `Mcp-Param-{name}` header too, with the same value.
pub(in crate::transport::http) fn check_param_headers(
    headers: &HeaderMap,
    arguments: Option<&RawValue>,
    marked: &[(Vec<String>, String)],
) -> Result<(), ErrorObject> {
    if marked.is_empty() {
        return Ok(());
    }
    let arguments: Value = arguments.and_then(|raw| serde_json::from_str(raw.get()).ok()).unwrap_or(Value::Null);
    for (path, name) in marked {
        let value = path.iter().try_fold(&arguments, |v, key| v.get(key.as_str())).filter(|v| !v.is_null());
        let Some(value) = value else { continue };
        let key = format!("Mcp-Param-{name}");
        let raw = headers.get(key.as_str()).ok_or_else(|| mismatch(format!("the {key} header is missing")))?;
        let header =
            raw.to_str().ok().and_then(decode_sentinel).ok_or_else(|| mismatch(format!("{key} is malformed")))?;
        if !same_value(&header, value) {
            return Err(mismatch(format!("{key} header value '{header}' does not match body value '{value}'")));
        }
    }
    Ok(())
}

/// Header text against a JSON value: strings exactly, numbers numerically.
fn same_value(header: &str, value: &Value) -> bool {
    match value {
        Value::String(s) => s == header,
        Value::Number(n) => header.parse::<f64>().ok().zip(n.as_f64()).is_some_and(|(a, b)| a == b),
        Value::Bool(b) => header == if *b { "true" } else { "false" },
        _ => false,
    }
}

fn mismatch(detail: String) -> ErrorObject {
    ErrorObject::new(codes::HEADER_MISMATCH, format!("Header mismatch: {detail}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().expect("header value"));
        }
        map
    }

    fn call(name: &str) -> Mirrored<'_> {
        let known = Some(Method::ToolsCall);
        Mirrored { method: Some("tools/call"), known, target: Some(name), version: Some("2026-07-28") }
    }

    fn raw(value: Value) -> Box<RawValue> {
        serde_json::value::to_raw_value(&value).expect("json")
    }

    #[test]
    fn matching_headers_pass_and_sentinels_decode() {
        let ok =
            headers(&[(PROTOCOL_VERSION, "2026-07-28"), (METHOD, "tools/call"), (NAME, "=?base64?d2VhdGhlcg==?=")]);
        assert!(check_mirrored_headers(&ok, &call("weather")).is_ok());
    }

    #[test]
    fn param_headers_follow_the_marked_arguments() {
        let schema: Vec<(Vec<String>, String)> =
            vec![(vec!["region".into()], "Region".into()), (vec!["n".into()], "N".into())];
        let body = raw(json!({"region": "us-west1", "n": 42}));
        let ok = headers(&[("mcp-param-region", "=?base64?dXMtd2VzdDE=?="), ("mcp-param-n", "42.0")]);
        assert!(check_param_headers(&ok, Some(&body), &schema).is_ok());
        let missing = headers(&[("mcp-param-n", "42")]);
        assert!(check_param_headers(&missing, Some(&body), &schema).is_err());
        let bad_padding = headers(&[("mcp-param-region", "=?base64?dXMtd2VzdDE?="), ("mcp-param-n", "42")]);
        assert!(check_param_headers(&bad_padding, Some(&body), &schema).is_err());
        let absent = raw(json!({"region": null}));
        assert!(check_param_headers(&headers(&[]), Some(&absent), &schema).is_ok());
    }

    #[test]
    fn missing_or_different_headers_are_32020() {
        let missing = headers(&[(PROTOCOL_VERSION, "2026-07-28"), (METHOD, "tools/call")]);
        assert_eq!(check_mirrored_headers(&missing, &call("x")).expect_err("missing").code, codes::HEADER_MISMATCH);
        let wrong = headers(&[(PROTOCOL_VERSION, "2026-07-28"), (METHOD, "tools/list"), (NAME, "x")]);
        let e = check_mirrored_headers(&wrong, &call("x")).expect_err("mismatch");
        assert_eq!(
            e.message,
            "Header mismatch: Mcp-Method header value 'tools/list' does not match body value 'tools/call'"
        );
    }
}
