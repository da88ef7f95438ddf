//! How `#[resource]` and `#[prompt]` parameters get their values: from a URI
//! template variable, a prompt argument, or an extractor.

use std::fmt::Display;
use std::str::FromStr;

use super::context::Context;
use super::extract::{ArgumentKind, ExtractorKind, FromContext, Requirements};
use super::resource_error::ResourceError;
use super::template::Bindings;
use crate::protocol::ErrorObject;

/// A type a URI template variable can bind to: anything `FromStr`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be bound from a URI template variable",
    label = "template variables are strings parsed with `FromStr`",
    note = "use `String`, a number, or another type that implements `FromStr`; `Option<T>` for an optional `{{?query}}` variable"
)]
pub trait FromUriVariable: Sized + Send + 'static {
    /// Parses the value bound to `name`.
    fn from_variable(bindings: &Bindings, name: &str) -> Result<Self, ResourceError>;
}

impl<T: FromStr + Send + 'static> FromUriVariable for T
where
    T::Err: Display,
{
    fn from_variable(bindings: &Bindings, name: &str) -> Result<Self, ResourceError> {
        let value = bindings.get(name).ok_or_else(|| ResourceError::invalid(format!("`{name}` is missing")))?;
        value.parse().map_err(|e| ResourceError::invalid(format!("invalid value `{value}` for `{name}`: {e}")))
    }
}

/// An optional template variable (an absent `{?query}` parameter).
pub fn optional_variable<T: FromUriVariable>(bindings: &Bindings, name: &str) -> Result<Option<T>, ResourceError> {
    match bindings.get(name) {
        None => Ok(None),
        Some(_) => T::from_variable(bindings, name).map(Some),
    }
}

/// The string arguments of a `prompts/get` request.
#[derive(Debug, Default)]
pub struct PromptArgs {
    values: serde_json::Map<String, serde_json::Value>,
}

impl PromptArgs {
    /// The arguments as sent. The protocol says they are strings; a client
    /// that sends a number or a boolean gets it read as its JSON text, and
    /// a `null` counts as absent.
    pub(crate) fn new(values: serde_json::Map<String, serde_json::Value>) -> Self {
        use serde_json::Value;
        let as_text = |(name, value): (String, Value)| match value {
            Value::Null => None,
            Value::String(_) => Some((name, value)),
            other => Some((name, Value::String(other.to_string()))),
        };
        PromptArgs { values: values.into_iter().filter_map(as_text).collect() }
    }

    /// The value of an argument, if given as a string.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(serde_json::Value::as_str)
    }
}

/// A type a `#[prompt]` parameter can have. `M` is
/// [`ArgumentKind`] (a `FromStr` argument the client passes) or
/// [`ExtractorKind`] (a [`FromContext`] value); the compiler infers it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a prompt parameter",
    label = "prompt arguments are strings parsed with `FromStr`",
    note = "use `String`, `Option<String>`, or another type that implements `FromStr`; extractors (`Context`, `State<T>`, `Extension<T>`) are taken by type"
)]
pub trait PromptParam<M>: Sized + Send + 'static {
    /// Whether the parameter is an argument the client passes.
    const IS_ARGUMENT: bool;

    /// What the parameter needs from the server.
    fn requirements(needs: &mut Requirements);

    /// The value for one request.
    fn extract(args: &PromptArgs, name: &str, ctx: &Context) -> Result<Self, ErrorObject>;

    /// The value of an optional parameter: `None` when absent.
    fn extract_optional(args: &PromptArgs, name: &str, ctx: &Context) -> Result<Option<Self>, ErrorObject>;
}

impl<T: FromStr + Send + 'static> PromptParam<ArgumentKind> for T
where
    T::Err: Display,
{
    const IS_ARGUMENT: bool = true;

    fn requirements(_: &mut Requirements) {}

    fn extract(args: &PromptArgs, name: &str, _: &Context) -> Result<Self, ErrorObject> {
        let value =
            args.get(name).ok_or_else(|| ErrorObject::invalid_params(format!("missing required argument `{name}`")))?;
        value.parse().map_err(|e| ErrorObject::invalid_params(format!("invalid value for argument `{name}`: {e}")))
    }

    fn extract_optional(args: &PromptArgs, name: &str, ctx: &Context) -> Result<Option<Self>, ErrorObject> {
        match args.get(name) {
            None => Ok(None),
            Some(_) => Self::extract(args, name, ctx).map(Some),
        }
    }
}

impl<T: FromContext> PromptParam<ExtractorKind> for T {
    const IS_ARGUMENT: bool = false;

    fn requirements(needs: &mut Requirements) {
        T::requirements(needs);
    }

    fn extract(_: &PromptArgs, _: &str, ctx: &Context) -> Result<Self, ErrorObject> {
        T::from_context(ctx)
    }

    fn extract_optional(_: &PromptArgs, _: &str, ctx: &Context) -> Result<Option<Self>, ErrorObject> {
        Ok(T::from_context(ctx).ok())
    }
}

/// An optional prompt parameter (`Option<T>`).
pub fn optional_prompt_arg<T: PromptParam<M>, M>(
    args: &PromptArgs,
    name: &str,
    ctx: &Context,
) -> Result<Option<T>, ErrorObject> {
    T::extract_optional(args, name, ctx)
}

/// A parameter of a `#[resource]` function that no template variable
/// binds: it must be an extractor.
#[diagnostic::on_unimplemented(
    message = "this parameter is not bound to anything",
    label = "no URI template variable has this parameter's name, and `{Self}` is not an extractor",
    note = "name the parameter after a `{{variable}}` in the URI template, or make it an extractor such as `Context` or `State<T>`"
)]
pub trait ResourceParam: Sized + Send + 'static {
    /// The value for one read.
    fn extract(ctx: &Context) -> Result<Self, ResourceError>;

    /// What the extractor needs from the server.
    fn requirements(needs: &mut Requirements);
}

impl<T: FromContext> ResourceParam for T {
    fn extract(ctx: &Context) -> Result<Self, ResourceError> {
        T::from_context(ctx).map_err(ResourceError::from_error_object)
    }

    fn requirements(needs: &mut Requirements) {
        T::requirements(needs);
    }
}

/// A handler parameter written as a pattern (`State(db): State<Db>`): it has
/// no name, so it must be an extractor.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an extractor",
    label = "a parameter written as a pattern must be an extractor",
    note = "give the parameter a plain name to make it an argument; extractors are `Context`, `State<T>`, `Extension<T>` and types that implement `FromContext`"
)]
pub trait PatternParam: Sized + Send + 'static {
    /// The value for one request.
    fn extract(ctx: &Context) -> Result<Self, ErrorObject>;

    /// What the extractor needs from the server.
    fn requirements(needs: &mut Requirements);
}

impl<T: FromContext> PatternParam for T {
    fn extract(ctx: &Context) -> Result<Self, ErrorObject> {
        T::from_context(ctx)
    }

    fn requirements(needs: &mut Requirements) {
        T::requirements(needs);
    }
}

#[cfg(test)]
mod tests {
    use super::PromptArgs;
    use serde_json::json;

    #[test]
    fn prompt_arguments_that_are_not_strings_are_read_as_their_json_text() {
        let sent = json!({"name": "Ada", "count": 3, "loud": true, "gone": null});
        let args = PromptArgs::new(sent.as_object().cloned().unwrap_or_default());
        assert_eq!(args.get("name"), Some("Ada"));
        assert_eq!(args.get("count"), Some("3"));
        assert_eq!(args.get("loud"), Some("true"));
        assert_eq!(args.get("gone"), None);
    }
}
