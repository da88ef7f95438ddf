//! How a tool's return value becomes a `CallToolResult`.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::protocol::{Audio, CallToolResult, Content, EmbeddedResource, Image, ResourceLink, Text};

/// How values of a return type are delivered; fixed once per tool at registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    /// A string: one text block, no structured content.
    Text,
    /// `()` or `null`: no content.
    Empty,
    /// A JSON object: `structuredContent` plus a text mirror.
    Structured,
    /// Any other JSON value: `structuredContent: {"result": ..}` plus a text mirror.
    Wrapped,
    /// Content blocks or a full result, delivered as they are.
    Content,
}

/// The delivery mode of a return type and its `outputSchema`, if any.
#[derive(Debug, Clone)]
pub struct OutputSpec {
    /// How values are delivered.
    pub mode: OutputMode,
    /// The schema of `structuredContent`.
    pub schema: Option<Value>,
}

impl OutputSpec {
    fn content() -> Self {
        OutputSpec { mode: OutputMode::Content, schema: None }
    }
}

/// A type a `#[tool]` function may return.
///
/// Strings become text; any other `Serialize + JsonSchema` type becomes
/// `structuredContent` with an `outputSchema` (scalars wrapped as
/// `{"result": ..}`); content types and [`CallToolResult`] are sent as they are.
/// `Result<T, E>` and `Vec<Content>` are recognised by the macro.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned from a tool",
    label = "not deliverable as a tool result",
    note = "return a `String`, a type that implements `serde::Serialize` and `schemars::JsonSchema`, a content type (`Text`, `Image`, `Audio`, `ResourceLink`, `EmbeddedResource`, `Vec<Content>`), a `CallToolResult`, or a `Result` of one of these"
)]
pub trait IntoToolResult: Send + 'static {
    /// How values of this type are delivered; called once per tool.
    fn output_spec() -> OutputSpec;

    /// Converts one value, following the mode from [`IntoToolResult::output_spec`].
    fn into_tool_result(self, mode: OutputMode) -> CallToolResult;
}

impl<T: Serialize + JsonSchema + Send + 'static> IntoToolResult for T {
    fn output_spec() -> OutputSpec {
        let schema = SchemaSettings::draft2020_12().for_serialize().into_generator().into_root_schema_for::<T>();
        classify(schema.to_value())
    }

    fn into_tool_result(self, mode: OutputMode) -> CallToolResult {
        let value = match serde_json::to_value(&self) {
            Ok(v) => v,
            Err(e) => return CallToolResult::error(format!("the tool's result could not be serialized: {e}")),
        };
        deliver_value(value, mode)
    }
}

fn classify(mut schema: Value) -> OutputSpec {
    let kind = schema.get("type").and_then(Value::as_str).map(str::to_owned);
    let (mode, schema) = match kind.as_deref() {
        Some("string") => (OutputMode::Text, None),
        Some("null") => (OutputMode::Empty, None),
        Some("object") => (OutputMode::Structured, Some(schema)),
        _ => {
            let mut wrapper = Map::new();
            for key in ["$schema", "$defs"] {
                if let Some(v) = schema.as_object_mut().and_then(|o| o.remove(key)) {
                    wrapper.insert(key.into(), v);
                }
            }
            if let Some(inner) = schema.as_object_mut() {
                inner.remove("title");
            }
            wrapper.insert("type".into(), "object".into());
            wrapper.insert("properties".into(), json!({ "result": schema }));
            wrapper.insert("required".into(), json!(["result"]));
            (OutputMode::Wrapped, Some(Value::Object(wrapper)))
        }
    };
    OutputSpec { mode, schema }
}

fn deliver_value(value: Value, mode: OutputMode) -> CallToolResult {
    match (mode, value) {
        (OutputMode::Text, Value::String(s)) => CallToolResult::success(vec![Content::text(s)]),
        (OutputMode::Empty, Value::Null) => CallToolResult::success(Vec::new()),
        (OutputMode::Structured, v @ Value::Object(_)) => {
            let mirror = v.to_string();
            CallToolResult::structured(v, mirror)
        }
        (_, v) => {
            let mirror = match &v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            CallToolResult::structured(json!({ "result": v }), mirror)
        }
    }
}

impl IntoToolResult for CallToolResult {
    fn output_spec() -> OutputSpec {
        OutputSpec::content()
    }

    fn into_tool_result(self, _: OutputMode) -> CallToolResult {
        self
    }
}

/// A list of content blocks; what a `Vec<Content>` return is delivered as.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contents(pub Vec<Content>);

macro_rules! content_results {
    ($($ty:ty),*) => {$(
        impl IntoToolResult for $ty {
            fn output_spec() -> OutputSpec {
                OutputSpec::content()
            }

            fn into_tool_result(self, _: OutputMode) -> CallToolResult {
                CallToolResult::success(Contents::from(self).0)
            }
        }
    )*};
}
content_results!(Contents, Content, Text, Image, Audio, ResourceLink, EmbeddedResource);

impl<T: Into<Content>> From<T> for Contents {
    fn from(value: T) -> Self {
        Contents(vec![value.into()])
    }
}

impl From<Contents> for Vec<Content> {
    fn from(value: Contents) -> Self {
        value.0
    }
}

impl From<Vec<Content>> for Contents {
    fn from(value: Vec<Content>) -> Self {
        Contents(value)
    }
}

/// An error type a tool may return inside `Result<T, E>`: its message becomes
/// an `isError` result the model can read.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a tool's error type",
    label = "the error must implement `std::fmt::Display`",
    note = "use `ToolError`, `String`, or any error type that implements `Display`"
)]
pub trait ToolErrorMessage {
    /// The message shown to the model.
    fn tool_error_message(&self) -> String;
}

impl<E: std::fmt::Display> ToolErrorMessage for E {
    fn tool_error_message(&self) -> String {
        self.to_string()
    }
}

/// Delivers a plain return value.
pub fn deliver<T: IntoToolResult>(value: T, mode: OutputMode) -> CallToolResult {
    value.into_tool_result(mode)
}

/// Delivers a `Result`: `Err` becomes an `isError` result with the error's message.
pub fn deliver_result<T: IntoToolResult, E: ToolErrorMessage>(value: Result<T, E>, mode: OutputMode) -> CallToolResult {
    match value {
        Ok(v) => v.into_tool_result(mode),
        Err(e) => CallToolResult::error(e.tool_error_message()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, JsonSchema)]
    struct Forecast {
        temp: i32,
    }

    fn call<T: IntoToolResult>(v: T) -> (OutputSpec, Value) {
        let spec = T::output_spec();
        let result = v.into_tool_result(spec.mode);
        (spec, serde_json::to_value(result).expect("serializes"))
    }

    #[test]
    fn strings_are_text_without_schema() {
        let (spec, v) = call(String::from("hi"));
        assert!(spec.schema.is_none());
        assert_eq!(v, json!({"content": [{"type": "text", "text": "hi"}]}));
    }

    #[test]
    fn scalars_are_wrapped() {
        let (spec, v) = call(8_i64);
        assert_eq!(spec.schema.expect("schema")["properties"]["result"]["type"], "integer");
        assert_eq!(v, json!({"content": [{"type": "text", "text": "8"}], "structuredContent": {"result": 8}}));
    }

    #[test]
    fn structs_are_structured_with_mirror() {
        let (spec, v) = call(Forecast { temp: 20 });
        assert_eq!(spec.schema.expect("schema")["type"], "object");
        assert_eq!(v["structuredContent"], json!({"temp": 20}));
        assert_eq!(v["content"][0]["text"], r#"{"temp":20}"#);
    }

    #[test]
    fn errors_become_is_error() {
        let r = deliver_result::<i64, String>(Err("boom".into()), OutputMode::Wrapped);
        assert!(r.is_error);
        assert_eq!(r.content, vec![Content::text("boom")]);
    }

    #[test]
    fn unit_is_empty() {
        let (_, v) = call(());
        assert_eq!(v, json!({"content": []}));
    }
}
