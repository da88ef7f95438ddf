//! The glue every kind's expansion shares: how generated code calls the
//! user's function, completers, `Option` detection, binding parameters
//! and the hidden factory struct.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{GenericArgument, Ident, PathArguments, Type};

use super::keys::Completion;

/// How generated code reaches the user's function.
pub(crate) enum Callee {
    /// A free function: `name(args)`.
    Free,
    /// An associated function of `Self` with no receiver: `Self::name(args)`.
    Associated,
    /// A `&self` method, through the `Arc<Self>` captured as `__mcp_this`.
    Method,
}

impl Callee {
    /// Where the handler is written, for errors that name it: the
    /// function's path, or for a method `Type::method`.
    pub(crate) fn origin(&self, ident: &syn::Ident) -> TokenStream {
        match self {
            Callee::Free => quote::quote!(::core::concat!(::core::module_path!(), "::", ::core::stringify!(#ident))),
            Callee::Associated | Callee::Method => {
                quote::quote!(::std::format!("{}::{}", ::core::any::type_name::<Self>(), ::core::stringify!(#ident)))
            }
        }
    }

    /// The callee for a function with or without a receiver, in an impl block.
    pub(crate) fn in_impl(receiver: bool) -> Self {
        if receiver {
            Callee::Method
        } else {
            Callee::Associated
        }
    }

    /// `name(args)`, `Self::name(args)` or `__mcp_this.name(args)`.
    pub(crate) fn call(&self, ident: &Ident, args: &[Ident]) -> TokenStream {
        match self {
            Callee::Free => quote!(#ident(#(#args),*)),
            Callee::Associated => quote!(Self::#ident(#(#args),*)),
            Callee::Method => quote!(__mcp_this.#ident(#(#args),*)),
        }
    }

    /// For a method: `let __mcp_this = Arc::clone(&__mcp_self);`, which each
    /// call's future owns.
    pub(crate) fn capture(&self, rt: &TokenStream) -> Option<TokenStream> {
        matches!(self, Callee::Method).then(|| quote!(let __mcp_this = #rt::__private::Arc::clone(&__mcp_self);))
    }
}

/// A method of the `#[handlers]` block being expanded that completes an
/// argument: its name, and the types of the extractors after the partial value.
pub(crate) struct CompleterMethod {
    pub(crate) ident: Ident,
    pub(crate) extractors: Vec<Type>,
}

/// The `Completer` expression for these entries. A function named by a
/// method of `methods` (in a `#[handlers]` block) is called on the value.
pub(crate) fn completer_expr(completions: &[Completion], methods: &[CompleterMethod], rt: &TokenStream) -> TokenStream {
    let entries = completions.iter().map(|c| {
        let name = c.name.to_string();
        let method = own_method(&c.function).and_then(|ident| methods.iter().find(|m| m.ident == *ident));
        let function = match method {
            Some(method) => method_closure(method, rt),
            None => {
                let function = &c.function;
                quote!(#function)
            }
        };
        quote!(.with(#name, #function))
    });
    quote!(#rt::__private::Completer::new() #(#entries)*)
}

/// `name` or `Self::name`: the identifier, when the path could name a method.
fn own_method(path: &syn::Path) -> Option<&Ident> {
    match path.segments.len() {
        1 => Some(&path.segments[0].ident),
        2 if path.segments[0].ident == "Self" => Some(&path.segments[1].ident),
        _ => None,
    }
}

/// `move |partial: &str, e0: T0, ..| this.method(partial, e0, ..)`.
fn method_closure(method: &CompleterMethod, rt: &TokenStream) -> TokenStream {
    let ident = &method.ident;
    let vars: Vec<Ident> = (0..method.extractors.len()).map(|i| quote::format_ident!("__mcp_e{}", i)).collect();
    let types = &method.extractors;
    quote! {{
        let __mcp_this = #rt::__private::Arc::clone(&__mcp_self);
        move |__mcp_partial: &str #(, #vars: #types)*| __mcp_this.#ident(__mcp_partial #(, #vars)*)
    }}
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
