//! Pieces shared by `#[resource]` and `#[prompt]`: `complete(..)` and
//! `icons = [..]` arguments, `Option` detection, and the hidden struct.

use proc_macro2::TokenStream;
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{GenericArgument, Ident, LitStr, PathArguments, Type};

/// One `complete(name = function)` entry.
pub(crate) struct Completion {
    /// The argument or variable completed.
    pub(crate) name: Ident,
    /// The function that completes it: `fn(&str) -> impl IntoIterator<Item = impl Into<String>>`.
    pub(crate) function: syn::Path,
}

/// Parses `complete(a = f, b = g)`.
pub(crate) fn parse_complete(meta: &ParseNestedMeta<'_>, out: &mut Vec<Completion>) -> syn::Result<()> {
    meta.parse_nested_meta(|inner| {
        let name = inner.path.require_ident()?.clone();
        let function: syn::Path = inner.value()?.parse()?;
        out.push(Completion { name, function });
        Ok(())
    })
}

/// Parses `icons = ["https://..", "data:.."]`.
pub(crate) fn parse_icons(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<LitStr>> {
    let array: syn::ExprArray = meta.value()?.parse()?;
    array
        .elems
        .iter()
        .map(|e| match e {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Ok(s.clone()),
            other => Err(syn::Error::new_spanned(other, "an icon is a string literal: its URL or `data:` URI")),
        })
        .collect()
}

/// The `Completer` expression for these entries.
pub(crate) fn completer_expr(completions: &[Completion], rt: &TokenStream) -> TokenStream {
    let entries = completions.iter().map(|c| {
        let name = c.name.to_string();
        let function = &c.function;
        quote!(.with(#name, |__mcp_value: &str| #rt::__private::completion_values(#function(__mcp_value))))
    });
    quote!(#rt::__private::Completer::new() #(#entries)*)
}

/// For `Option<T>` (by its last path segment): `T`.
pub(crate) fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// `Some("..")` or `None` for an optional string.
pub(crate) fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// The hidden struct and its factory impl, or a stub when expansion failed.
pub(crate) fn registration(
    vis: &syn::Visibility,
    ident: &Ident,
    factory: TokenStream,
    body: TokenStream,
) -> TokenStream {
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #ident {}

        impl #factory for #ident {
            #body
        }
    }
}

/// `let var = match extract { Ok(v) => v, Err(e) => return reject(e) };` for
/// each parameter: bind every value before the call, or answer with the error.
pub(crate) fn bind_each(
    vars: &[Ident],
    extracts: Vec<TokenStream>,
    reject: impl Fn() -> TokenStream,
) -> Vec<TokenStream> {
    vars.iter()
        .zip(extracts)
        .map(|(var, extract)| {
            let reject = reject();
            quote! {
                let #var = match #extract {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => return #reject,
                };
            }
        })
        .collect()
}
