//! 2026-07-28's `x-mcp-header`: tool arguments a server wants mirrored into
//! `Mcp-Param-{Name}` HTTP headers. The client checks each tool's
//! annotations when it lists tools, refuses tools whose annotations are
//! invalid, and remembers the rest for its HTTP transport.

use crate::util::MutexExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[cfg(feature = "client-http")]
use serde_json::Value;

#[cfg(feature = "client-http")]
use crate::protocol::method::Method;
use crate::protocol::Tool;

/// Per tool name: `(argument, header name)` pairs.
pub(crate) type ToolHeaders = Arc<Mutex<HashMap<String, Vec<(String, String)>>>>;

/// Why a tool's `x-mcp-header` annotations are invalid.
#[derive(Debug, PartialEq)]
pub(crate) enum BadAnnotation {
    /// The annotation on `argument` is not a non-empty string.
    Empty { argument: String },
    /// `header` is not an HTTP token.
    NotToken { argument: String, header: String },
    /// `argument` is not a string, an integer or a boolean.
    WrongType { argument: String },
    /// Two arguments name `header`.
    Twice { header: String },
}

impl std::fmt::Display for BadAnnotation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadAnnotation::Empty { argument } => write!(f, "`{argument}`: x-mcp-header must be a non-empty string"),
            BadAnnotation::NotToken { argument, header } => {
                write!(f, "`{argument}`: x-mcp-header `{header}` is not an HTTP token")
            }
            BadAnnotation::WrongType { argument } => {
                write!(f, "`{argument}`: x-mcp-header is only for string, integer and boolean arguments")
            }
            BadAnnotation::Twice { header } => write!(f, "x-mcp-header `{header}` is used twice"),
        }
    }
}

/// A tool's `x-mcp-header` pairs, or why its annotations are invalid.
pub(crate) fn header_params(tool: &Tool) -> Result<Vec<(String, String)>, BadAnnotation> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let Some(properties) = tool.input_schema["properties"].as_object() else { return Ok(pairs) };
    for (argument, schema) in properties {
        let Some(annotation) = schema.get("x-mcp-header") else { continue };
        let header = annotation.as_str().unwrap_or_default();
        if header.is_empty() {
            return Err(BadAnnotation::Empty { argument: argument.clone() });
        }
        if !header.bytes().all(is_token_char) {
            return Err(BadAnnotation::NotToken { argument: argument.clone(), header: header.to_owned() });
        }
        if !matches!(schema["type"].as_str(), Some("string" | "integer" | "boolean")) {
            return Err(BadAnnotation::WrongType { argument: argument.clone() });
        }
        if pairs.iter().any(|(_, seen)| seen.eq_ignore_ascii_case(header)) {
            return Err(BadAnnotation::Twice { header: header.to_owned() });
        }
        pairs.push((argument.clone(), header.to_owned()));
    }
    Ok(pairs)
}

/// RFC 9110 `tchar`.
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Keeps the valid tools of a listing (remembering their header pairs) and
/// drops, with a warning, those whose annotations are invalid.
pub(crate) fn admit(registry: &ToolHeaders, server: &str, tools: Vec<Tool>) -> Vec<Tool> {
    let mut map = registry.locked();
    tools
        .into_iter()
        .filter(|tool| match header_params(tool) {
            Ok(pairs) => {
                map.insert(tool.name.clone(), pairs);
                true
            }
            Err(why) => {
                tracing::warn!(server, "ignoring tool `{}`: {why}", tool.name);
                false
            }
        })
        .collect()
}

/// The `Mcp-Param-*` headers for a `tools/call` message.
#[cfg(feature = "client-http")]
pub(crate) fn param_headers(registry: &ToolHeaders, message: &Value) -> Vec<(String, String)> {
    if message["method"] != Method::ToolsCall.as_str() {
        return Vec::new();
    }
    let (name, arguments) = (message["params"]["name"].as_str().unwrap_or_default(), &message["params"]["arguments"]);
    let map = registry.locked();
    let Some(pairs) = map.get(name) else { return Vec::new() };
    pairs
        .iter()
        .filter_map(|(argument, header)| {
            let value = match &arguments[argument] {
                Value::String(text) => header_value(text),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some((format!("Mcp-Param-{header}"), value))
        })
        .collect()
}

/// A header value as it is when it is plain visible ASCII with no edge
/// whitespace, else in the `=?base64?...?=` form.
#[cfg(feature = "client-http")]
pub(crate) fn header_value(text: &str) -> String {
    let plain = text.bytes().all(|b| b.is_ascii_graphic() || b == b' ') && text.trim() == text;
    if plain {
        text.to_owned()
    } else {
        format!("=?base64?{}?=", crate::util::base64::encode(text.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn tool(properties: Value) -> Tool {
        serde_json::from_value(json!({"name": "t", "inputSchema": {"type": "object", "properties": properties}}))
            .expect("tool")
    }

    #[test]
    fn invalid_annotations_are_refused() {
        let bad = [
            json!({"a": {"type": "string", "x-mcp-header": ""}}),
            json!({"a": {"type": "object", "x-mcp-header": "A"}}),
            json!({"a": {"type": "number", "x-mcp-header": "A"}}),
            json!({"a": {"type": "string", "x-mcp-header": "Has Space"}}),
            json!({"a": {"type": "string", "x-mcp-header": "Région"}}),
            json!({"a": {"type": "string", "x-mcp-header": "R"}, "b": {"type": "string", "x-mcp-header": "r"}}),
        ];
        for properties in bad {
            assert!(header_params(&tool(properties.clone())).is_err(), "{properties}");
        }
        let good = header_params(&tool(json!({"region": {"type": "string", "x-mcp-header": "Region"}})));
        assert_eq!(good.expect("valid"), [("region".to_owned(), "Region".to_owned())]);
    }

    #[test]
    #[cfg(feature = "client-http")]
    fn values_are_mirrored_and_encoded_when_unsafe() {
        let registry = ToolHeaders::default();
        let properties = json!({
            "r": {"type": "string", "x-mcp-header": "Region"},
            "p": {"type": "integer", "x-mcp-header": "Priority"},
            "v": {"type": "boolean", "x-mcp-header": "Verbose"},
        });
        admit(&registry, "s", vec![tool(properties)]);
        let call =
            json!({"method": "tools/call", "params": {"name": "t", "arguments": {"r": " padded", "p": 42, "v": null}}});
        let mut headers = param_headers(&registry, &call);
        headers.sort();
        assert_eq!(
            headers,
            [
                ("Mcp-Param-Priority".to_owned(), "42".to_owned()),
                ("Mcp-Param-Region".into(), "=?base64?IHBhZGRlZA==?=".into())
            ]
        );
    }
}
