//! Checks on a parsed tool that the compiler would not make, each pointing
//! at the user's token and saying what to do.

use syn::spanned::Spanned;
use syn::Type;

use super::parse::{Param, ToolFn};
use crate::diag::Errors;

/// Where the function is declared.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    /// A free function with `#[tool]`.
    Free,
    /// A method with `#[tool]`, `#[resource]` or `#[prompt]` (named here)
    /// in a `#[handlers]` impl block.
    Method(&'static str),
    /// A free function with `#[resource]` or `#[prompt]` (named here).
    Standalone(&'static str),
}

/// Runs every check, recording each failure.
pub(crate) fn validate(tool: &ToolFn, site: Site, errors: &mut Errors) {
    check_name(tool, errors);
    check_description(tool, errors);
    check_signature(tool, site, errors);
    for param in &tool.params {
        check_param(param, errors);
    }
}

fn check_name(tool: &ToolFn, errors: &mut Errors) {
    let name = tool.name();
    let valid_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if (1..=128).contains(&name.len()) && valid_chars {
        return;
    }
    let message =
        format!("invalid tool name `{name}`: a tool name is 1 to 128 characters of A-Z, a-z, 0-9, `_`, `.` and `-`");
    match &tool.attrs.name {
        Some(lit) => errors.push(lit, message),
        None => errors.push(&tool.ident, format!("{message}; set one with `#[tool(name = \"..\")]`")),
    }
}

fn check_description(tool: &ToolFn, errors: &mut Errors) {
    if tool.description().is_none() {
        errors.push(
            &tool.ident,
            format!(
                "tool `{}` has no description; add a doc comment (`/// What it does.`) above the function, or `#[tool(description = \"..\")]`",
                tool.name()
            ),
        );
    }
}

pub(crate) fn check_signature(tool: &ToolFn, site: Site, errors: &mut Errors) {
    let sig = &tool.sig;
    if !sig.generics.params.is_empty() {
        errors.push(&sig.generics, "this function cannot be generic: the framework must know its parameter types at compile time; use concrete types");
    }
    if let Some(span) = tool.attrs.blocking.filter(|_| tool.is_async) {
        errors.push_at(span, "`blocking` is for sync functions; remove it, or make the function non-async");
    }
    match (&tool.receiver, site) {
        (Some(r), Site::Free) => errors.push(r, needs_handlers("tool")),
        (Some(r), Site::Standalone(kind)) => errors.push(r, needs_handlers(kind)),
        (Some(r), Site::Method(kind)) if !is_shared_ref(r) => errors.push(
            r,
            format!("a `#[{kind}]` method must take `&self`; handlers may run concurrently, so use interior mutability (a `Mutex`, an atomic) for state"),
        ),
        _ => {}
    }
    check_single_context(tool, errors);
    if let Some(abi) = &sig.abi {
        errors.push(abi, "this function cannot have an explicit ABI");
    }
}

pub(crate) fn check_param(param: &Param, errors: &mut Errors) {
    match &param.ty {
        Type::Reference(r) => {
            let hint = match &*r.elem {
                Type::Path(p) if p.path.is_ident("str") => "use `String`".to_owned(),
                Type::Slice(_) => "use `Vec<..>`".to_owned(),
                other => format!("use an owned `{}`", quote::quote!(#other).to_string().replace(' ', "")),
            };
            errors.push(&param.ty, format!("parameters are read from the request and cannot borrow from it; {hint}"));
        }
        Type::ImplTrait(_) => {
            errors.push(&param.ty, "a parameter cannot be `impl Trait`: the framework needs a concrete type");
        }
        _ => {}
    }
    if param.arg.flatten && param.arg.default.is_some() {
        errors.push_at(param.ty.span(), "`#[arg(flatten)]` and `#[arg(default)]` cannot be combined");
    }
    if param.is_pattern && param.arg.is_set() {
        errors.push_at(
            param.ident.span(),
            "a parameter written as a pattern is an extractor, and `#[arg(..)]` applies to arguments; give it a plain name",
        );
    }
}

/// The error for a method outside a `#[handlers]` block.
fn needs_handlers(kind: &str) -> String {
    format!("`#[{kind}]` on a method needs `#[handlers]` on its impl block, so the server can hold the value; add `#[handlers]` above `impl`")
}

/// Whether a receiver is `&self` (not `self`, `&mut self` or `self: T`).
fn is_shared_ref(receiver: &syn::Receiver) -> bool {
    matches!(receiver.kind, syn::ReceiverKind::Reference(_, _, None))
}

/// Two `Context` parameters would receive the same value; one is a mistake.
fn check_single_context(tool: &ToolFn, errors: &mut Errors) {
    let is_context =
        |p: &&Param| matches!(&p.ty, Type::Path(tp) if tp.path.segments.last().is_some_and(|s| s.ident == "Context"));
    for extra in tool.params.iter().filter(is_context).skip(1) {
        errors.push(&extra.ty, "only one `Context` parameter is allowed; remove this one and use the first");
    }
}
