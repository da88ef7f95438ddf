//! Argument completion for prompt arguments and template variables.

use std::sync::Arc;

type CompleteFn = dyn Fn(&str) -> Vec<String> + Send + Sync;

/// The most values one `completion/complete` answer carries (the spec's cap).
pub(crate) const MAX_COMPLETIONS: usize = 100;

/// The completion functions of one prompt or template, by argument name.
#[derive(Clone, Default)]
pub struct Completer {
    by_argument: Vec<(&'static str, Arc<CompleteFn>)>,
}

impl Completer {
    /// A completer with no functions.
    pub fn new() -> Self {
        Self::default()
    }

    /// Completes `argument` with `complete`, which gets the partial value.
    pub fn with(
        mut self,
        argument: &'static str,
        complete: impl Fn(&str) -> Vec<String> + Send + Sync + 'static,
    ) -> Self {
        self.by_argument.push((argument, Arc::new(complete)));
        self
    }

    /// The candidates for `argument`, or `None` when it has no completion.
    pub(crate) fn complete(&self, argument: &str, partial: &str) -> Option<Vec<String>> {
        let (_, complete) = self.by_argument.iter().find(|(name, _)| *name == argument)?;
        Some(complete(partial))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_argument.is_empty()
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
