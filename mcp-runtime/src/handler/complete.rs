//! Argument completion for prompt arguments and template variables.
//!
//! A completer is a function of the partial value, `fn(&str) -> impl
//! IntoIterator<Item = impl Into<String>>`, that may also take extractors
//! after it: `fn(&str, State<Db>) -> Vec<String>`.

use std::sync::Arc;

use super::context::Context;
use super::extract::{FromContext, Requirements};
use crate::protocol::ErrorObject;

type CompleteFn = dyn Fn(&Context, &str) -> Result<Vec<String>, ErrorObject> + Send + Sync;

/// The most values one `completion/complete` answer carries (the spec's cap).
pub(crate) const MAX_COMPLETIONS: usize = 100;

/// A function that completes one argument. `M` is the tuple of the
/// extractors it takes after the partial value; the compiler infers it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot complete an argument",
    label = "not a completion function",
    note = "a completer is `fn(&str) -> impl IntoIterator<Item = impl Into<String>>`, taking the partial value; extractors such as `State<T>` may follow it"
)]
pub trait Complete<M>: Send + Sync + 'static {
    /// The candidates for `partial`.
    fn complete(&self, ctx: &Context, partial: &str) -> Result<Vec<String>, ErrorObject>;

    /// What the extractors need from the server.
    fn requirements(needs: &mut Requirements);
}

macro_rules! complete_with_extractors {
    ($($extractor:ident),*) => {
        impl<F, I, $($extractor),*> Complete<($($extractor,)*)> for F
        where
            F: Fn(&str $(, $extractor)*) -> I + Send + Sync + 'static,
            I: IntoIterator,
            I::Item: Into<String>,
            $($extractor: FromContext,)*
        {
            #[allow(unused_variables, non_snake_case)]
            fn complete(&self, ctx: &Context, partial: &str) -> Result<Vec<String>, ErrorObject> {
                $(let $extractor = $extractor::from_context(ctx)?;)*
                Ok(completion_values(self(partial $(, $extractor)*)))
            }

            #[allow(unused_variables)]
            fn requirements(needs: &mut Requirements) {
                $($extractor::requirements(needs);)*
            }
        }
    };
}

complete_with_extractors!();
complete_with_extractors!(E1);
complete_with_extractors!(E1, E2);
complete_with_extractors!(E1, E2, E3);

/// The completion functions of one prompt or template, by argument name.
#[derive(Clone, Default)]
pub struct Completer {
    by_argument: Vec<(&'static str, Arc<CompleteFn>)>,
    needs: Requirements,
}

impl Completer {
    /// A completer with no functions.
    pub fn new() -> Self {
        Self::default()
    }

    /// Completes `argument` with `complete`, which gets the partial value
    /// (and any extractors it asks for).
    pub fn with<M>(mut self, argument: &'static str, complete: impl Complete<M>) -> Self {
        fn needs_of<M, C: Complete<M>>(_: &C, needs: &mut Requirements) {
            C::requirements(needs);
        }
        needs_of(&complete, &mut self.needs);
        self.by_argument
            .push((argument, Arc::new(move |ctx: &Context, partial: &str| complete.complete(ctx, partial))));
        self
    }

    /// The candidates for `argument`, or `None` when it has no completion.
    pub(crate) fn complete(
        &self,
        ctx: &Context,
        argument: &str,
        partial: &str,
    ) -> Option<Result<Vec<String>, ErrorObject>> {
        let (_, complete) = self.by_argument.iter().find(|(name, _)| *name == argument)?;
        Some(complete(ctx, partial))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_argument.is_empty()
    }

    /// What the completion functions need from the server.
    pub(crate) fn requirements(&self) -> &Requirements {
        &self.needs
    }
}

/// Collects whatever a completion function returned into strings.
pub fn completion_values<I>(values: I) -> Vec<String>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    values.into_iter().map(Into::into).collect()
}
