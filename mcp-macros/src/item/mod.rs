//! One pipeline for the three item kinds. An [`Item`] is a kind's
//! attribute keys plus the function's signature, parsed once; each kind
//! ([`Kind`]) says how to validate it and which definition it expands to.
//! The free-function attributes and `#[handlers]` both drive a kind
//! through the same steps, so neither reaches into a kind's internals.

pub(crate) mod glue;
pub(crate) mod keys;

use std::ops::Deref;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{ItemFn, LitStr};

use crate::diag::Errors;
use crate::paths::runtime_path;
use crate::signature::validate::Site;
use crate::signature::{strip_param_attrs, unraw, HandlerFn};
use glue::{registration, Callee, CompleterMethod};
use keys::KeyTable;

/// A handler function with its attribute: the kind's keys and the
/// function as declared.
pub(crate) struct Item<K> {
    /// The attribute's keys, shared and own.
    pub(crate) attrs: K,
    /// The function's signature and doc comment.
    pub(crate) func: HandlerFn,
}

impl<K> Deref for Item<K> {
    type Target = HandlerFn;

    fn deref(&self) -> &HandlerFn {
        &self.func
    }
}

impl<K: KeyTable> Item<K> {
    /// Pairs parsed keys with the function they are written on.
    pub(crate) fn parse(attrs: K, fn_attrs: &[syn::Attribute], sig: &syn::Signature, errors: &mut Errors) -> Self {
        Item { attrs, func: HandlerFn::parse(fn_attrs, sig, errors) }
    }

    /// The item's name: `name = ".."`, else the function's.
    pub(crate) fn name(&self) -> String {
        self.attrs.name.as_ref().map_or_else(|| unraw(&self.ident), LitStr::value)
    }

    /// Its description: `description = ".."`, else the doc comment.
    pub(crate) fn description(&self) -> Option<String> {
        self.attrs.description.as_ref().map(LitStr::value).or_else(|| self.doc.clone())
    }

    /// Its title, when `title = ".."` gives one.
    pub(crate) fn title(&self) -> Option<String> {
        self.attrs.title.as_ref().map(LitStr::value)
    }
}

/// What makes `#[tool]`, `#[resource]` and `#[prompt]` differ.
pub(crate) trait Kind: KeyTable + Default {
    /// The runtime's factory trait the hidden struct implements.
    const FACTORY: &'static str;
    /// The runtime's definition type the factory builds.
    const DEF: &'static str;

    /// What validation learns that expansion needs.
    type Checked;

    /// Parses the attribute's arguments, recording errors.
    fn parse_args(args: TokenStream, errors: &mut Errors) -> Self {
        let mut attrs = Self::default();
        let parser = syn::meta::parser(|meta| attrs.parse_key(&meta));
        errors.keep(syn::parse::Parser::parse2(parser, args));
        attrs
    }

    /// The key a set is unique by: the name, or a resource's URI.
    fn key(item: &Item<Self>) -> String {
        item.name()
    }

    /// Every check of the item; `None` when expansion cannot go on.
    fn validate(item: &Item<Self>, site: Site, errors: &mut Errors) -> Option<Self::Checked>;

    /// The expression that builds the item's definition.
    fn def_expr(
        item: &Item<Self>,
        checked: Self::Checked,
        callee: &Callee,
        completers: &[CompleterMethod],
        rt: &TokenStream,
    ) -> TokenStream;
}

/// The attribute on a free function: the function, unchanged, plus a
/// hidden struct of the same name (in the type namespace) that the
/// collecting macro (`tools![..]` and the others) takes.
pub(crate) fn expand_free<K: Kind>(attrs: K, mut func: ItemFn, mut errors: Errors) -> TokenStream {
    let item = Item::parse(attrs, &func.attrs, &func.sig, &mut errors);
    let checked = K::validate(&item, Site::Standalone(K::ATTR), &mut errors);
    strip_param_attrs(&mut func.sig);
    if item.receiver.is_some() {
        // Inside an impl block: no items can be emitted next to the method.
        let compile_errors = errors.to_compile_errors();
        return quote!(#func #compile_errors);
    }
    let rt = runtime_path(item.attrs.krate.as_ref());
    let built = match checked.filter(|_| errors.is_empty()) {
        Some(checked) => K::def_expr(&item, checked, &Callee::Free, &[], &rt),
        None => quote!(::core::unreachable!()),
    };
    let (factory, def, key) = (format_ident!("{}", K::FACTORY), format_ident!("{}", K::DEF), K::key(&item));
    let body = quote! {
        const KEY: &'static str = #key;
        fn def() -> #rt::__private::#def { #built }
    };
    let registration = registration(&func.vis, &item.ident, quote!(#rt::__private::#factory), body);
    let compile_errors = errors.to_compile_errors();
    quote! { #func #registration #compile_errors }
}

/// A method of a `#[handlers]` block: its key and its definition's
/// expression, or no expression when it has errors (they are recorded).
pub(crate) fn expand_method<K: Kind>(
    item: &Item<K>,
    completers: &[CompleterMethod],
    rt: &TokenStream,
    errors: &mut Errors,
) -> Option<TokenStream> {
    let mut own = Errors::default();
    let checked = K::validate(item, Site::Method(K::ATTR), &mut own);
    let clean = own.is_empty();
    errors.absorb(own);
    let callee = Callee::in_impl(item.receiver.is_some());
    checked.filter(|_| clean).map(|checked| K::def_expr(item, checked, &callee, completers, rt))
}
