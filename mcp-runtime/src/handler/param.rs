//! Tool parameters: arguments described by JSON Schema, or values injected
//! from the call (extractors such as [`Context`]).

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::args::{ArgError, ArgMap};
use super::binding::PatternParam;
use super::context::Context;
use super::extract::{ArgumentKind, ExtractorKind, FromContext, Requirements};
use crate::protocol::ErrorObject;

/// A type that can be a parameter of a `#[tool]` function. `M` is
/// [`ArgumentKind`] or [`ExtractorKind`]; the compiler infers it.
///
/// Every `Deserialize + JsonSchema` type is an argument: one property of the
/// input schema. Every [`FromContext`] type is an extractor: taken from the
/// call itself, never in the schema. Which one a parameter is depends only
/// on its type, never on its name.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a tool parameter",
    label = "this type is neither a JSON argument nor an extractor",
    note = "an argument must implement `serde::Deserialize` and `schemars::JsonSchema`: add `#[derive(Deserialize, JsonSchema)]` to it",
    note = "extractors (`Context`, `State<T>`, `Extension<T>`, your `FromContext` types) are taken by type; borrowed types such as `&str` cannot be arguments, use `String`",
    note = "`State<T>` and `Extension<T>` need `T: Clone + Send + Sync + 'static`: derive `Clone`, or wrap `T` in an `Arc`"
)]
pub trait ToolParam<M>: Sized + Send + 'static {
    /// The schema of this parameter, or `None` for an extractor.
    fn schema(generator: &mut SchemaGenerator) -> Option<ParamSchema>;

    /// What the parameter needs from the server (state, for an extractor).
    fn requirements(needs: &mut Requirements);

    /// Produces the value for one call.
    fn extract(args: &ArgMap<'_>, name: &str, ctx: &Context) -> Result<Self, ParamError>;
}

/// Why a tool parameter got no value.
#[derive(Debug)]
pub enum ParamError {
    /// The arguments do not fit: an `isError` result the model can read.
    Argument(ArgError),
    /// An extractor failed: a JSON-RPC error.
    Extractor(ErrorObject),
}

impl From<ArgError> for ParamError {
    fn from(error: ArgError) -> Self {
        ParamError::Argument(error)
    }
}

/// The schema of one argument and whether the caller must supply it.
#[derive(Debug)]
pub struct ParamSchema {
    schema: Value,
    required: bool,
}

impl<T: DeserializeOwned + JsonSchema + Send + 'static> ToolParam<ArgumentKind> for T {
    fn schema(generator: &mut SchemaGenerator) -> Option<ParamSchema> {
        let schema = generator.subschema_for::<T>().to_value();
        // A type that accepts `null` (an `Option`) may be left out.
        let required = serde_json::from_str::<T>("null").is_err();
        Some(ParamSchema { schema, required })
    }

    fn requirements(_: &mut Requirements) {}

    fn extract(args: &ArgMap<'_>, name: &str, _ctx: &Context) -> Result<Self, ParamError> {
        let value = match args.get(name) {
            Some(raw) => serde_json::from_str(raw.get()).map_err(|e| ArgError::invalid(name, e)),
            None => serde_json::from_str("null").map_err(|_| ArgError::missing(name)),
        };
        Ok(value?)
    }
}

impl<T: FromContext> ToolParam<ExtractorKind> for T {
    fn schema(_: &mut SchemaGenerator) -> Option<ParamSchema> {
        None
    }

    fn requirements(needs: &mut Requirements) {
        T::requirements(needs);
    }

    fn extract(_: &ArgMap<'_>, _: &str, ctx: &Context) -> Result<Self, ParamError> {
        T::from_context(ctx).map_err(ParamError::Extractor)
    }
}

/// Extracts an argument that has a default: absent or `null` gives `default()`.
pub fn extract_or<T: ToolParam<M>, M>(
    args: &ArgMap<'_>,
    name: &str,
    ctx: &Context,
    default: impl FnOnce() -> T,
) -> Result<T, ParamError> {
    match args.get(name) {
        Some(raw) if raw.get() != "null" => T::extract(args, name, ctx),
        _ => Ok(default()),
    }
}

/// Deserializes the whole arguments object into one parameter.
pub fn extract_flattened<T: DeserializeOwned>(args: &ArgMap<'_>) -> Result<T, ParamError> {
    let value = serde_json::from_str(args.raw()).map_err(|e| ArgError::new(format!("invalid arguments: {e}")));
    Ok(value?)
}

/// Builds a tool's `inputSchema`, one parameter at a time, in declaration order.
pub struct InputSchema {
    generator: SchemaGenerator,
    properties: Map<String, Value>,
    required: Vec<Value>,
    /// Other keywords of a flattened struct's schema (`additionalProperties`,
    /// `allOf`, `if`/`then`/`else`, ...), kept as they are.
    keywords: Map<String, Value>,
    /// What the tool's extractors need from the server.
    needs: Requirements,
}

impl Default for InputSchema {
    fn default() -> Self {
        InputSchema {
            generator: SchemaSettings::draft2020_12().for_deserialize().into_generator(),
            properties: Map::new(),
            required: Vec::new(),
            keywords: Map::new(),
            needs: Requirements::default(),
        }
    }
}

impl InputSchema {
    /// Adds a parameter (to the requirements only, for an extractor).
    pub fn param<T: ToolParam<M>, M>(&mut self, name: &str, description: Option<&str>) -> &mut Self {
        T::requirements(&mut self.needs);
        if let Some(p) = T::schema(&mut self.generator) {
            self.insert(name, p.schema, description, p.required);
        }
        self
    }

    /// Adds a parameter with a default value; it is never required.
    pub fn param_with_default<T: ToolParam<M> + Serialize, M>(
        &mut self,
        name: &str,
        description: Option<&str>,
        default: T,
    ) -> &mut Self {
        T::requirements(&mut self.needs);
        if let Some(p) = T::schema(&mut self.generator) {
            let mut schema = p.schema;
            if let (Value::Object(obj), Ok(v)) = (&mut schema, serde_json::to_value(&default)) {
                obj.insert("default".into(), v);
            }
            self.insert(name, schema, description, false);
        }
        self
    }

    /// Adds a parameter written as a pattern: an extractor, to the
    /// requirements only.
    pub fn extractor<T: PatternParam>(&mut self) -> &mut Self {
        T::requirements(&mut self.needs);
        self
    }

    /// Marks an argument to be mirrored into the `Mcp-Param-{header}` HTTP
    /// header (2026-07-28's `x-mcp-header`).
    pub fn mirror_header(&mut self, name: &str, header: &str) -> &mut Self {
        if let Some(Value::Object(property)) = self.properties.get_mut(name) {
            property.insert("x-mcp-header".into(), Value::String(header.to_owned()));
        }
        self
    }

    /// Adds every property of `T`, whose schema must be an object, and keeps
    /// its other keywords (`additionalProperties`, composition, conditionals).
    pub fn flatten<T: JsonSchema>(&mut self) -> &mut Self {
        let Value::Object(schema) = self.generator.root_schema_for::<T>().to_value() else { return self };
        for (key, value) in schema {
            match (key.as_str(), value) {
                ("properties", Value::Object(props)) => self.properties.extend(props),
                ("required", Value::Array(required)) => self.required.extend(required),
                ("$schema" | "$defs" | "title" | "description" | "type", _) => {}
                (_, value) => {
                    self.keywords.insert(key, value);
                }
            }
        }
        self
    }

    fn insert(&mut self, name: &str, mut schema: Value, description: Option<&str>, required: bool) {
        if let (Value::Object(obj), Some(d)) = (&mut schema, description) {
            obj.insert("description".into(), Value::String(d.to_owned()));
        }
        self.properties.insert(name.to_owned(), schema);
        if required {
            self.required.push(Value::String(name.to_owned()));
        }
    }

    /// What the tool's extractors need from the server.
    pub fn requirements(&self) -> &Requirements {
        &self.needs
    }

    /// The finished schema: `{"$schema", "type": "object", "properties",
    /// "required", "$defs", ...}`, declaring JSON Schema 2020-12.
    pub fn finish(mut self) -> Value {
        let mut out = Map::new();
        out.insert("$schema".into(), "https://json-schema.org/draft/2020-12/schema".into());
        out.insert("type".into(), "object".into());
        out.insert("properties".into(), Value::Object(self.properties));
        if !self.required.is_empty() {
            out.insert("required".into(), Value::Array(self.required));
        }
        let defs = self.generator.take_definitions(true);
        if !defs.is_empty() {
            out.insert("$defs".into(), Value::Object(defs));
        }
        out.extend(self.keywords);
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(serde::Deserialize, JsonSchema)]
    #[allow(dead_code)]
    enum Units {
        Metric,
        Imperial,
    }

    #[test]
    fn builds_properties_required_and_defs() {
        let mut s = InputSchema::default();
        s.param::<i64, _>("a", Some("first"))
            .param::<Option<String>, _>("b", None)
            .param::<Units, _>("u", None)
            .param::<Context, _>("ctx", None)
            .param_with_default::<u32, _>("n", None, 5);
        let schema = s.finish();
        assert_eq!(schema["required"], json!(["a", "u"]));
        assert_eq!(schema["properties"]["a"], json!({"type": "integer", "format": "int64", "description": "first"}));
        assert_eq!(schema["properties"]["n"]["default"], json!(5));
        assert!(schema["properties"].get("ctx").is_none());
        assert_eq!(schema["properties"]["u"], json!({"$ref": "#/$defs/Units"}));
        assert!(schema["$defs"]["Units"].is_object());
    }
}
