//! How `#[resource]` and `#[prompt]` parameters get their values: from a URI
//! template variable, a prompt argument, or the server (`Context`).

use std::fmt::Display;
use std::str::FromStr;

use super::context::Context;
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

/// A parameter the server supplies rather than the request.
#[diagnostic::on_unimplemented(
    message = "this parameter is not bound to anything",
    label = "no URI template variable has this parameter's name, and `{Self}` is not injected by the server",
    note = "name the parameter after a `{{variable}}` in the URI template, or remove it; `Context` is the type the server injects"
)]
pub trait Injected: Sized + Send + 'static {
    /// The value for this request.
    fn inject(ctx: &Context) -> Self;
}

impl Injected for Context {
    fn inject(ctx: &Context) -> Self {
        ctx.clone()
    }
}

/// The string arguments of a `prompts/get` request.
#[derive(Debug, Default)]
pub struct PromptArgs {
    values: serde_json::Map<String, serde_json::Value>,
}

impl PromptArgs {
    pub(crate) fn new(values: serde_json::Map<String, serde_json::Value>) -> Self {
        PromptArgs { values }
    }

    /// The value of an argument, if given as a string.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(serde_json::Value::as_str)
    }
}

/// A type a `#[prompt]` parameter can have.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a prompt argument",
    label = "prompt arguments are strings parsed with `FromStr`",
    note = "use `String`, `Option<String>`, or another type that implements `FromStr`; `Context` is injected"
)]
pub trait PromptParam: Sized + Send + 'static {
    /// Whether the parameter is an argument the client passes.
    const IS_ARGUMENT: bool;

    /// The value for one request.
    fn extract(args: &PromptArgs, name: &str, ctx: &Context) -> Result<Self, ErrorObject>;
}

impl<T: FromStr + Send + 'static> PromptParam for T
where
    T::Err: Display,
{
    const IS_ARGUMENT: bool = true;

    fn extract(args: &PromptArgs, name: &str, _: &Context) -> Result<Self, ErrorObject> {
        let value =
            args.get(name).ok_or_else(|| ErrorObject::invalid_params(format!("missing required argument `{name}`")))?;
        value.parse().map_err(|e| ErrorObject::invalid_params(format!("invalid value for argument `{name}`: {e}")))
    }
}

impl PromptParam for Context {
    const IS_ARGUMENT: bool = false;

    fn extract(_: &PromptArgs, _: &str, ctx: &Context) -> Result<Self, ErrorObject> {
        Ok(ctx.clone())
    }
}

/// An optional prompt argument.
pub fn optional_prompt_arg<T: PromptParam>(
    args: &PromptArgs,
    name: &str,
    ctx: &Context,
) -> Result<Option<T>, ErrorObject> {
    match args.get(name) {
        None => Ok(None),
        Some(_) => T::extract(args, name, ctx).map(Some),
    }
}
