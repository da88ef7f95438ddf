//! Collecting every error of one expansion, so one build shows all mistakes.

use proc_macro2::TokenStream;
use std::fmt::Display;

/// Errors gathered while parsing and validating one item.
#[derive(Default)]
pub(crate) struct Errors {
    combined: Option<syn::Error>,
}

impl Errors {
    /// Records an error at a span.
    pub(crate) fn push(&mut self, spanned: impl quote::ToTokens, message: impl Display) {
        self.add(syn::Error::new_spanned(spanned, message));
    }

    /// Records an error at a raw span.
    pub(crate) fn push_at(&mut self, span: proc_macro2::Span, message: impl Display) {
        self.add(syn::Error::new(span, message));
    }

    /// Records an existing error.
    pub(crate) fn add(&mut self, error: syn::Error) {
        match &mut self.combined {
            Some(all) => all.combine(error),
            None => self.combined = Some(error),
        }
    }

    /// Records every error of `other`.
    pub(crate) fn absorb(&mut self, other: Errors) {
        if let Some(error) = other.combined {
            self.add(error);
        }
    }

    /// Keeps the value of `result`, recording its error.
    pub(crate) fn keep<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|e| self.add(e)).ok()
    }

    /// The `compile_error!` invocations, or nothing.
    pub(crate) fn to_compile_errors(&self) -> TokenStream {
        self.combined.as_ref().map(syn::Error::to_compile_error).unwrap_or_default()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.combined.is_none()
    }
}
