//! `#[resource("uri")]` on a function: a static resource, or a template when
//! the URI has `{variables}`, each bound to the parameter of the same name.
//! Other parameters are extractors. In a `#[handlers]` block the function
//! may be a `&self` method.

mod parse;
mod template;
mod validate;

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::ItemFn;

use crate::diag::Errors;
use crate::item::{bind_each, completer_expr, opt_str, option_inner, registration, Callee, CompleterMethod};
use crate::paths::runtime_path;
use crate::signature::validate::Site;
use crate::signature::{strip_param_attrs, HandlerFn, Param};
pub(crate) use parse::ResourceAttrs;
use template::Variable;
use validate::check;

/// Expands `#[resource(..)]` on a free function.
pub(crate) fn expand(attrs: ResourceAttrs, mut item: ItemFn, mut errors: Errors) -> TokenStream {
    let sig = HandlerFn::parse(&item.attrs, &item.sig, &mut errors);
    let variables = check(&attrs, &sig, Site::Standalone("resource"), &mut errors);
    strip_param_attrs(&mut item.sig);
    let rt = runtime_path(attrs.krate.as_ref());
    let uri = attrs.uri.as_ref().map(syn::LitStr::value).unwrap_or_default();
    let built = match (&variables, errors.is_empty()) {
        (Some(vars), true) => item_expr(&attrs, &sig, vars, &Callee::Free, &[], &rt),
        _ => quote!(::core::unreachable!()),
    };
    let body = quote! {
        const KEY: &'static str = #uri;
        fn def() -> #rt::__private::ResourceDef { #built }
    };
    let factory = quote!(#rt::__private::ResourceFactory);
    let registration =
        if sig.receiver.is_some() { quote!() } else { registration(&item.vis, &sig.ident, factory, body) };
    let compile_errors = errors.to_compile_errors();
    quote! { #item #registration #compile_errors }
}

/// The `ResourceDef` expression for a method of a `#[handlers]` block, or
/// `None` when it has errors (they are recorded).
pub(crate) fn method_item(
    attrs: &ResourceAttrs,
    sig: &HandlerFn,
    completers: &[CompleterMethod],
    rt: &TokenStream,
    errors: &mut Errors,
) -> Option<TokenStream> {
    let mut own = Errors::default();
    let variables = check(attrs, sig, Site::Method("resource"), &mut own);
    let clean = own.is_empty();
    errors.absorb(own);
    let callee = Callee::in_impl(sig.receiver.is_some());
    variables.filter(|_| clean).map(|variables| item_expr(attrs, sig, &variables, &callee, completers, rt))
}

/// `ResourceDef::fixed(..)` or `ResourceDef::template(..)`, with the
/// requirements of its extractors.
fn item_expr(
    attrs: &ResourceAttrs,
    sig: &HandlerFn,
    variables: &[Variable],
    callee: &Callee,
    completers: &[CompleterMethod],
    rt: &TokenStream,
) -> TokenStream {
    let uri = attrs.uri.as_ref().map(syn::LitStr::value).unwrap_or_default();
    let info = info_expr(attrs, sig, rt);
    let read = read_closure(sig, variables, &mime_expr(attrs, sig, rt), callee, rt);
    let needs = requirements(sig, variables, rt);
    let item = if variables.is_empty() {
        quote!(#rt::__private::ResourceDef::fixed(#uri, #info, #read))
    } else {
        let completer = completer_expr(&attrs.complete, completers, rt);
        quote!(#rt::__private::ResourceDef::template(#uri, #info, #completer, #read))
    };
    let origin = callee.origin(&sig.ident);
    quote! {{
        let mut __mcp_needs = #rt::__private::Requirements::default();
        #(#needs)*
        #item.with_requirements(__mcp_needs).with_origin(#origin)
    }}
}

/// What the parameters no variable binds (the extractors) need.
fn requirements(sig: &HandlerFn, variables: &[Variable], rt: &TokenStream) -> Vec<TokenStream> {
    let unbound = sig.params.iter().filter(|p| !variables.iter().any(|v| v.name == p.name()));
    unbound
        .map(|p| {
            let ty = &p.ty;
            quote_spanned!(ty.span()=> <#ty as #rt::__private::ResourceParam>::requirements(&mut __mcp_needs);)
        })
        .collect()
}

fn mime_expr(attrs: &ResourceAttrs, sig: &HandlerFn, rt: &TokenStream) -> TokenStream {
    match &attrs.mime {
        Some(mime) => quote!(::core::option::Option::Some(#mime)),
        None => {
            let ty = &sig.output.ty;
            quote_spanned!(ty.span()=> <#ty as #rt::__private::IntoResourceContents>::DEFAULT_MIME)
        }
    }
}

fn info_expr(attrs: &ResourceAttrs, sig: &HandlerFn, rt: &TokenStream) -> TokenStream {
    let name = attrs.name.as_ref().map_or_else(|| crate::signature::unraw(&sig.ident), syn::LitStr::value);
    let title = opt_str(attrs.title.as_ref().map(syn::LitStr::value).as_deref());
    let description = attrs.description.as_ref().map(syn::LitStr::value).or_else(|| sig.doc.clone());
    let description = opt_str(description.as_deref());
    let mime = mime_expr(attrs, sig, rt);
    let size = match &attrs.size {
        Some(size) => quote!(::core::option::Option::Some(#size)),
        None => quote!(::core::option::Option::None),
    };
    let icons = &attrs.icons;
    let scopes = &attrs.scopes;
    let cache = cache_expr(attrs, rt);
    quote! {
        #rt::__private::ResourceInfo {
            name: #name, title: #title, description: #description, mime_type: #mime, size: #size, icons: &[#(#icons),*],
            cache: #cache, scopes: &[#(#scopes),*],
        }
    }
}

fn read_closure(
    sig: &HandlerFn,
    variables: &[Variable],
    mime: &TokenStream,
    callee: &Callee,
    rt: &TokenStream,
) -> TokenStream {
    let vars: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__mcp_p{}", i)).collect();
    let extracts = sig.params.iter().map(|p| extract_expr(p, variables, rt)).collect();
    let extracts = bind_each(&vars, extracts, || quote!(#rt::__private::reject_read(e)));
    let call = callee.call(&sig.ident, &vars);
    let call = if sig.is_async { quote!(#call.await) } else { call };
    let this = callee.capture(rt);
    let ty = &sig.output.ty;
    let convert = quote_spanned!(ty.span()=> #rt::__private::into_contents(__mcp_ret, &__mcp_uri, #mime));
    quote! {
        move |__mcp_input: #rt::__private::ReadInput<'_>| -> #rt::__private::ResourceFuture {
            #(#extracts)*
            let __mcp_uri = ::std::string::String::from(__mcp_input.uri);
            #this
            ::std::boxed::Box::pin(async move {
                let __mcp_ret = #call;
                #convert
            })
        }
    }
}

fn extract_expr(p: &Param, variables: &[Variable], rt: &TokenStream) -> TokenStream {
    let (ty, name) = (&p.ty, p.name());
    if !variables.iter().any(|v| v.name == name) {
        return quote_spanned! {ty.span()=>
            <#ty as #rt::__private::ResourceParam>::extract(__mcp_input.ctx)
        };
    }
    match option_inner(ty) {
        Some(inner) => {
            quote_spanned!(ty.span()=> #rt::__private::optional_variable::<#inner>(__mcp_input.bindings, #name))
        }
        None => {
            quote_spanned!(ty.span()=> <#ty as #rt::__private::FromUriVariable>::from_variable(__mcp_input.bindings, #name))
        }
    }
}

/// `Some(CacheHint { .. })` when `ttl_ms` or `cache_scope` is set.
fn cache_expr(attrs: &ResourceAttrs, rt: &TokenStream) -> TokenStream {
    if attrs.ttl_ms.is_none() && attrs.cache_scope.is_none() {
        return quote!(::core::option::Option::None);
    }
    let ttl = attrs.ttl_ms.as_ref().map_or_else(|| quote!(0), |t| quote!(#t));
    let scope = match attrs.cache_scope.as_ref().map(syn::LitStr::value).as_deref() {
        Some("public") => quote!(#rt::__private::CacheScope::Public),
        _ => quote!(#rt::__private::CacheScope::Private),
    };
    quote!(::core::option::Option::Some(#rt::__private::CacheHint { ttl_ms: #ttl, scope: #scope }))
}
