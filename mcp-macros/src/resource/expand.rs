//! The expression that builds a resource's `ResourceDef`: a static
//! resource or a template, its listing, cache hint and read shim.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::template::Variable;
use super::ResourceAttrs;
use crate::item::glue::{bind_each, completer_expr, opt_str, option_inner, Callee, CompleterMethod};
use crate::item::Item;
use crate::signature::{HandlerFn, Param};

/// `ResourceDef::fixed(..)` or `ResourceDef::template(..)`, with the
/// requirements of its extractors.
pub(super) fn def_expr(
    item: &Item<ResourceAttrs>,
    variables: &[Variable],
    callee: &Callee,
    completers: &[CompleterMethod],
    rt: &TokenStream,
) -> TokenStream {
    let (attrs, sig) = (&item.attrs, &item.func);
    let uri = super::uri(attrs);
    let info = info_expr(item, rt);
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

fn info_expr(item: &Item<ResourceAttrs>, rt: &TokenStream) -> TokenStream {
    let (attrs, sig) = (&item.attrs, &item.func);
    let name = item.name();
    let title = opt_str(item.title().as_deref());
    let description = opt_str(item.description().as_deref());
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
