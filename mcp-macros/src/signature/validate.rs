//! Checks on a handler's signature that the compiler would not make, the
//! same for tools, resources and prompts, each pointing at the user's token
//! and saying what to do.

use syn::spanned::Spanned;
use syn::Type;

use super::{HandlerFn, Param};
use crate::diag::Errors;

/// Where the function is declared.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    /// A method with `#[tool]`, `#[resource]` or `#[prompt]` (named here)
    /// in a `#[handlers]` impl block.
    Method(&'static str),
    /// A free function with `#[tool]`, `#[resource]` or `#[prompt]` (named here).
    Standalone(&'static str),
}

pub(crate) fn check_signature(tool: &HandlerFn, site: Site, errors: &mut Errors) {
    let sig = &tool.sig;
    if !sig.generics.params.is_empty() {
        errors.push(&sig.generics, "this function cannot be generic: the framework must know its parameter types at compile time; use concrete types");
    }
    match (&tool.receiver, site) {
        (Some(r), Site::Standalone(kind)) => errors.push(r, needs_handlers(kind)),
        (Some(r), Site::Method(kind)) if !is_shared_ref(r) => errors.push(
            r,
            format!("a `#[{kind}]` method must take `&self`; handlers may run concurrently, so use interior mutability (a `Mutex`, an atomic) for state"),
        ),
        _ => {}
    }
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
