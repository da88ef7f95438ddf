//! The types of the client features a tool can use through `Context`:
//! elicitation answers and the typed error they fail with. The sampling
//! and roots types are shared with the client, in [`crate::protocol`].

use std::fmt;

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Map, Value};

use crate::protocol::ErrorObject;

/// What the user did with an elicitation form.
#[derive(Debug, Clone, PartialEq)]
pub enum Elicitation<T> {
    /// The user submitted the form.
    Accept(T),
    /// The user explicitly declined.
    Decline,
    /// The user dismissed the request.
    Cancel,
}

/// What the user did with a URL elicitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlElicitation {
    /// The user agreed to open the URL.
    Accept,
    /// The user declined.
    Decline,
    /// The user dismissed the request.
    Cancel,
}

/// Why a client feature could not be used.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ClientRequestError {
    /// The client did not declare the capability this needs (`-32021`
    /// under 2026-07-28).
    MissingCapability(&'static str),
    /// The client answered with a JSON-RPC error.
    Rejected(ErrorObject),
    /// The client's answer did not have the expected shape.
    InvalidResponse(String),
    /// The type cannot be asked for in an elicitation form.
    UnsupportedSchema(String),
    /// There is no client (a detached context).
    NoClient,
}

impl fmt::Display for ClientRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientRequestError::MissingCapability(c) => write!(f, "the client does not support {c}"),
            ClientRequestError::Rejected(e) => write!(f, "the client answered with an error: {e}"),
            ClientRequestError::InvalidResponse(why) => write!(f, "the client's answer is malformed: {why}"),
            ClientRequestError::UnsupportedSchema(why) => write!(f, "cannot ask for this type in a form: {why}"),
            ClientRequestError::NoClient => f.write_str("no client is connected"),
        }
    }
}

impl std::error::Error for ClientRequestError {}

/// Why a type cannot be a form's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FormError {
    /// The type is not a struct.
    NotAStruct,
    /// A field with no schema.
    NoSchema(String),
    /// A field that is not a primitive: nested, or of no type.
    NotPrimitive { name: String, found: Option<String> },
    /// An enum with a variant that holds data.
    NotUnitVariant,
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormError::NotAStruct => f.write_str("the form's type must be a struct"),
            FormError::NoSchema(name) => write!(f, "`{name}` has no schema"),
            FormError::NotPrimitive { name, found } => {
                let found = found.as_ref().map_or("not a primitive".to_owned(), |t| format!("a nested {t}"));
                write!(f, "`{name}` is {found}: forms hold only strings, numbers, integers, booleans and enums")
            }
            FormError::NotUnitVariant => f.write_str("enum variants must be unit variants"),
        }
    }
}

/// The `requestedSchema` of a form for `T`: a flat object of strings,
/// numbers, integers, booleans and enums, as the spec allows.
pub(crate) fn form_schema<T: JsonSchema>() -> Result<Value, FormError> {
    let settings = SchemaSettings::draft2020_12().with(|s| s.inline_subschemas = true).for_deserialize();
    let schema = settings.into_generator().into_root_schema_for::<T>().to_value();
    if schema.get("type").and_then(Value::as_str) != Some("object") {
        return Err(FormError::NotAStruct);
    }
    let mut properties = Map::new();
    for (name, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
        properties.insert(name.clone(), flat_property(name, property)?);
    }
    let mut form = json!({ "type": "object", "properties": properties });
    if let Some(required) = schema.get("required").filter(|r| r.as_array().is_some_and(|a| !a.is_empty())) {
        form["required"] = required.clone();
    }
    Ok(form)
}

const KEPT: [&str; 10] =
    ["type", "title", "description", "default", "enum", "format", "minimum", "maximum", "minLength", "maxLength"];

fn flat_property(name: &str, property: &Value) -> Result<Value, FormError> {
    let property = without_null(property);
    let Some(object) = property.as_object() else { return Err(FormError::NoSchema(name.to_owned())) };
    let mut out = Map::new();
    for key in KEPT {
        if let Some(v) = object.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(options) = object.get("oneOf").and_then(Value::as_array) {
        out.insert("type".into(), json!("string"));
        out.insert("oneOf".into(), Value::Array(options.iter().map(titled_option).collect::<Result<_, _>>()?));
    }
    match out.get("type").and_then(Value::as_str) {
        Some("string" | "number" | "integer" | "boolean") => Ok(Value::Object(out)),
        other => Err(FormError::NotPrimitive { name: name.to_owned(), found: other.map(str::to_owned) }),
    }
}

/// `Option<T>` becomes `T` (the field is simply not required).
fn without_null(property: &Value) -> Value {
    let mut p = property.clone();
    if let Some(types) = p.get("type").and_then(Value::as_array) {
        let kept: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        if kept.len() == 1 {
            p["type"] = kept[0].clone();
        }
    }
    if let Some(any) = p.get("anyOf").and_then(Value::as_array) {
        if let Some(inner) = any.iter().find(|s| s.get("type") != Some(&json!("null"))) {
            return without_null(inner);
        }
    }
    p
}

/// An enum option with its doc comment as the title.
fn titled_option(option: &Value) -> Result<Value, FormError> {
    let value = option.get("const").or_else(|| option.get("enum").and_then(|e| e.get(0)));
    let value = value.ok_or(FormError::NotUnitVariant)?;
    let title = option.get("description").or_else(|| option.get("title")).cloned().unwrap_or_else(|| value.clone());
    Ok(json!({ "const": value, "title": title }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, JsonSchema)]
    #[allow(dead_code)]
    enum Size {
        /// Small cup
        Small,
        /// Large cup
        Large,
    }

    #[derive(Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Order {
        /// Your name.
        name: String,
        size: Size,
        #[serde(default)]
        #[schemars(default = "two")]
        count: u8,
        note: Option<String>,
    }

    fn two() -> u8 {
        2
    }

    #[derive(Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Nested {
        inner: Order,
    }

    #[test]
    fn flat_structs_become_forms() {
        let form = form_schema::<Order>().expect("flat");
        assert_eq!(form["properties"]["name"], json!({"type": "string", "description": "Your name."}));
        assert_eq!(
            form["properties"]["size"]["oneOf"],
            json!([{"const": "Small", "title": "Small cup"}, {"const": "Large", "title": "Large cup"}])
        );
        assert_eq!(form["properties"]["count"]["default"], 2);
        assert_eq!(form["properties"]["note"]["type"], "string");
        assert_eq!(form["required"], json!(["name", "size"]));
    }

    #[test]
    fn nested_structs_are_refused() {
        assert!(form_schema::<Nested>().expect_err("nested").to_string().contains("`inner`"));
    }
}
