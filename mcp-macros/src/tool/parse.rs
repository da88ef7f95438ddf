//! Parsing a `#[tool]` function into [`ToolFn`]: the shared
//! [`HandlerFn`] plus the `#[tool(..)]` keys.

use std::ops::Deref;

use syn::LitStr;

use crate::attr::ToolAttrs;
use crate::diag::Errors;
use crate::signature::{unraw, HandlerFn};

/// A tool function, as declared.
pub(crate) struct ToolFn {
    /// The `#[tool(..)]` arguments.
    pub(crate) attrs: ToolAttrs,
    /// The function's signature and doc comment.
    pub(crate) func: HandlerFn,
}

impl Deref for ToolFn {
    type Target = HandlerFn;

    fn deref(&self) -> &HandlerFn {
        &self.func
    }
}

impl ToolFn {
    /// Parses a tool's signature and doc comment.
    pub(crate) fn parse(
        attrs: ToolAttrs,
        fn_attrs: &[syn::Attribute],
        sig: &syn::Signature,
        errors: &mut Errors,
    ) -> Self {
        ToolFn { attrs, func: HandlerFn::parse(fn_attrs, sig, errors) }
    }

    /// The tool's name on the wire.
    pub(crate) fn name(&self) -> String {
        self.attrs.name.as_ref().map_or_else(|| unraw(&self.ident), LitStr::value)
    }

    /// The tool's description: `description = ".."`, else the doc comment.
    pub(crate) fn description(&self) -> Option<String> {
        self.attrs.description.as_ref().map(LitStr::value).or_else(|| self.doc.clone())
    }
}
