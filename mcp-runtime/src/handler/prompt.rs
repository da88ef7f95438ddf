//! Prompts: what `#[prompt]` expands to.

use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::binding::{PromptArgs, PromptParam};
use super::complete::Completer;
use super::context::Context;
use super::extract::Requirements;
use crate::protocol::{Content, ErrorObject, GetPromptResult, Icon, Prompt, PromptArgument, PromptMessage};

/// The future a prompt renders in.
pub type PromptFuture = Pin<Box<dyn Future<Output = Result<GetPromptResult, ErrorObject>> + Send>>;

/// What a prompt's shim receives for one `prompts/get`.
pub struct PromptInput<'a> {
    /// The request's context.
    pub ctx: &'a Context,
    /// The arguments.
    pub args: &'a PromptArgs,
}

type GetFn = dyn Fn(PromptInput<'_>) -> PromptFuture + Send + Sync;

/// One prompt.
#[derive(Clone)]
pub struct PromptDef {
    pub(crate) prompt: Prompt,
    pub(crate) get: Arc<GetFn>,
    pub(crate) completer: Completer,
    pub(crate) needs: Requirements,
    /// The OAuth scopes a caller needs to get it.
    pub(crate) scopes: Vec<String>,
    /// Where it is written (`module::function`), for errors that name it.
    pub(crate) origin: String,
}

/// The listing fields `#[prompt]` sets.
#[derive(Debug, Clone, Default)]
pub struct PromptInfo {
    /// The prompt's name.
    pub name: &'static str,
    /// A human-readable title.
    pub title: Option<&'static str>,
    /// What it is for.
    pub description: Option<&'static str>,
    /// Icon URLs.
    pub icons: &'static [&'static str],
    /// The OAuth scopes a caller needs to get it (`#[prompt(scopes = [..])]`).
    pub scopes: &'static [&'static str],
}

impl PromptDef {
    /// Assembles a prompt from what the macro generated.
    pub fn new(
        info: PromptInfo,
        arguments: Vec<PromptArgument>,
        completer: Completer,
        get: impl Fn(PromptInput<'_>) -> PromptFuture + Send + Sync + 'static,
    ) -> Self {
        let prompt = Prompt {
            name: info.name.to_owned(),
            title: info.title.map(str::to_owned),
            description: info.description.map(str::to_owned),
            arguments,
            icons: info.icons.iter().map(|s| Icon::new(*s)).collect(),
        };
        let scopes = super::resource::owned(info.scopes);
        let (needs, origin) = (Requirements::default(), String::new());
        PromptDef { prompt, get: Arc::new(get), completer, needs, scopes, origin }
    }

    /// Records where the prompt is written, for errors that name it.
    pub fn with_origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = origin.into();
        self
    }

    /// Records what the prompt's extractors need from the server.
    pub fn with_requirements(mut self, needs: Requirements) -> Self {
        self.needs = needs;
        self
    }
}

/// Describes one parameter: an argument for the listing, or an extractor's
/// requirements.
pub fn prompt_argument<T: PromptParam<M>, M>(
    list: &mut Vec<PromptArgument>,
    needs: &mut Requirements,
    name: &str,
    description: Option<&str>,
    required: bool,
) {
    T::requirements(needs);
    if T::IS_ARGUMENT {
        list.push(PromptArgument { name: name.to_owned(), description: description.map(str::to_owned), required });
    }
}

/// What a `#[prompt]` function may return.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned from a prompt",
    label = "not a prompt result",
    note = "return a `String` (one user message), `Vec<PromptMessage>`, a `GetPromptResult`, or a `Result` of one of these whose error implements `Display`"
)]
pub trait IntoPromptResult: Send + 'static {
    /// Converts the value.
    fn into_prompt_result(self) -> Result<GetPromptResult, ErrorObject>;
}

impl IntoPromptResult for String {
    fn into_prompt_result(self) -> Result<GetPromptResult, ErrorObject> {
        Ok(vec![PromptMessage::user(Content::text(self))].into())
    }
}

impl IntoPromptResult for Vec<PromptMessage> {
    fn into_prompt_result(self) -> Result<GetPromptResult, ErrorObject> {
        Ok(self.into())
    }
}

impl IntoPromptResult for GetPromptResult {
    fn into_prompt_result(self) -> Result<GetPromptResult, ErrorObject> {
        Ok(self)
    }
}

impl<T: IntoPromptResult, E: Display + Send + 'static> IntoPromptResult for Result<T, E> {
    fn into_prompt_result(self) -> Result<GetPromptResult, ErrorObject> {
        self.map_err(ErrorObject::internal)?.into_prompt_result()
    }
}

/// A finished future holding an argument error.
pub fn reject_prompt(error: ErrorObject) -> PromptFuture {
    Box::pin(std::future::ready(Err(error)))
}

impl std::fmt::Debug for PromptDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PromptDef").field("name", &self.prompt.name).finish_non_exhaustive()
    }
}
