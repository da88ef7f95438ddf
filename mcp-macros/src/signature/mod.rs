//! The neutral signature IR that `#[tool]`, `#[resource]` and `#[prompt]`
//! share: a handler function as declared (name, doc comment, receiver,
//! parameters with their `#[arg]` keys, return type), parsed once. Each
//! attribute pairs it with its own keys and checks, then quotes its own
//! glue.

pub(crate) mod validate;

use syn::{FnArg, GenericArgument, Ident, LitStr, Pat, PathArguments, ReturnType, Signature, Type};

use crate::attr::ArgAttrs;
use crate::diag::Errors;
use crate::doc::{doc_text, is_doc};

/// A handler function, as declared.
pub(crate) struct HandlerFn {
    /// The function's name.
    pub(crate) ident: Ident,
    /// The function's doc comment.
    pub(crate) doc: Option<String>,
    /// Whether the function is `async`.
    pub(crate) is_async: bool,
    /// The `self` receiver, if the function is a method.
    pub(crate) receiver: Option<syn::Receiver>,
    /// The parameters other than `self`.
    pub(crate) params: Vec<Param>,
    /// How the return value is delivered.
    pub(crate) output: Output,
    /// The signature, for spans and for the generics check.
    pub(crate) sig: Signature,
}

/// One parameter.
pub(crate) struct Param {
    /// The binding name; also the argument's JSON name. A pattern such as
    /// `State(db)` has none: its name is made up, and it must be an extractor.
    pub(crate) ident: Ident,
    /// The parameter is a pattern (`State(db): State<Db>`), not a name.
    pub(crate) is_pattern: bool,
    /// The declared type.
    pub(crate) ty: Type,
    /// The parameter's doc comment.
    pub(crate) doc: Option<String>,
    /// The `#[arg(..)]` arguments.
    pub(crate) arg: ArgAttrs,
}

/// The return type and how the macro routes it.
pub(crate) struct Output {
    /// The declared return type (`()` when there is none).
    pub(crate) ty: Type,
    /// For `Result<T, E>`: `T`.
    pub(crate) ok_type: Option<Type>,
    /// The delivered type is `Vec<Content>`.
    pub(crate) content_list: bool,
}

impl HandlerFn {
    /// Parses the signature and doc comment of a function.
    pub(crate) fn parse(fn_attrs: &[syn::Attribute], sig: &Signature, errors: &mut Errors) -> Self {
        let mut receiver = None;
        let mut params = Vec::new();
        for input in &sig.inputs {
            match input {
                FnArg::Receiver(r) => receiver = Some(r.clone()),
                FnArg::Typed(pt) => params.push(parse_param(pt, params.len(), errors)),
            }
        }
        HandlerFn {
            ident: sig.ident.clone(),
            doc: doc_text(fn_attrs),
            is_async: sig.asyncness.is_some(),
            receiver,
            params,
            output: Output::parse(&sig.output),
            sig: sig.clone(),
        }
    }
}

fn parse_param(pt: &syn::PatType, index: usize, errors: &mut Errors) -> Param {
    let arg = ArgAttrs::parse(&pt.attrs, errors);
    let (ident, is_pattern) = match &*pt.pat {
        Pat::Ident(pat) if pat.subpat.is_none() => (pat.ident.clone(), false),
        other => (quote::format_ident!("__mcp_pattern_{}", index, span = syn::spanned::Spanned::span(other)), true),
    };
    Param { ident, is_pattern, ty: (*pt.ty).clone(), doc: doc_text(&pt.attrs), arg }
}

impl Param {
    /// The argument's name on the wire: `#[arg(rename)]`, else the parameter's.
    pub(crate) fn name(&self) -> String {
        self.arg.rename.as_ref().map_or_else(|| unraw(&self.ident), LitStr::value)
    }

    /// `#[arg(description)]`, else the doc comment.
    pub(crate) fn description(&self) -> Option<String> {
        self.arg.description.as_ref().map(LitStr::value).or_else(|| self.doc.clone())
    }
}

impl Output {
    fn parse(output: &ReturnType) -> Self {
        let ty = match output {
            ReturnType::Default => syn::parse_quote!(()),
            ReturnType::Type(_, ty) => (**ty).clone(),
        };
        let ok_type = last_segment_args(&ty, "Result").and_then(|args| args.first().cloned());
        let delivered = ok_type.as_ref().unwrap_or(&ty);
        let content_list = last_segment_args(delivered, "Vec")
            .and_then(|args| args.first().cloned())
            .is_some_and(|inner| last_segment_args(&inner, "Content").is_some());
        Output { ty, ok_type, content_list }
    }

    /// The type whose `IntoToolResult` impl decides delivery.
    pub(crate) fn delivered_type(&self) -> &Type {
        self.ok_type.as_ref().unwrap_or(&self.ty)
    }
}

/// For a path type whose last segment is `name`: its generic type arguments.
fn last_segment_args(ty: &Type, name: &str) -> Option<Vec<Type>> {
    let Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return Some(Vec::new());
    };
    let types = args.args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    });
    Some(types.collect())
}

/// An identifier without its `r#` prefix.
pub(crate) fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

/// Removes `#[arg]` and doc comments from parameters: they are read by the
/// macro, and rustc does not accept doc comments on parameters.
pub(crate) fn strip_param_attrs(sig: &mut syn::Signature) {
    for input in &mut sig.inputs {
        if let syn::FnArg::Typed(pt) = input {
            pt.attrs.retain(|a| !is_doc(a) && !a.path().is_ident("arg"));
        }
    }
}
