//! The expression that builds a tool's `ToolDef`: its schema, its output
//! spec and the one non-generic call shim.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::ToolAttrs;
use crate::item::glue::Callee;
use crate::item::Item;
use crate::signature::Param;

/// `ToolDef::new(..)` plus the builder calls for title and annotations.
pub(crate) fn def_expr(tool: &Item<ToolAttrs>, callee: &Callee, rt: &TokenStream) -> TokenStream {
    let name = tool.name();
    let description = tool.description().unwrap_or_default();
    let schema = schema_statements(&tool.params);
    let output = output_spec(tool, rt);
    let shim = shim_closure(tool, callee, rt);
    let title = tool.attrs.title.as_ref().map(|t| quote!(.with_title(#t)));
    let annotations = annotations(tool, rt);
    let icons = &tool.attrs.icons;
    let icons = (!icons.is_empty()).then(|| quote!(.with_icons(&[#(#icons),*])));
    let scopes = &tool.attrs.scopes;
    let scopes = (!scopes.is_empty()).then(|| quote!(.with_scopes(&[#(#scopes),*])));
    let task = tool.attrs.task.as_ref().map(|v| quote!(.with_task_support(#rt::__private::TaskSupport::#v)));
    let origin = callee.origin(&tool.ident);
    quote! {{
        let mut __mcp_schema = #rt::__private::InputSchema::default();
        #(#schema)*
        #rt::__private::ToolDef::new(#name, #description, __mcp_schema, #output, #shim)
            #title
            #annotations
            #icons
            #scopes
            #task
            .with_origin(#origin)
    }}
}

fn schema_statements(params: &[Param]) -> Vec<TokenStream> {
    params
        .iter()
        .map(|p| {
            let (ty, name) = (&p.ty, p.name());
            let description = match p.description() {
                Some(d) => quote!(::core::option::Option::Some(#d)),
                None => quote!(::core::option::Option::None),
            };
            let header = p.arg.header.as_ref().map(|h| quote!(__mcp_schema.mirror_header(#name, #h);));
            let add = if p.is_pattern {
                quote_spanned!(ty.span()=> __mcp_schema.extractor::<#ty>();)
            } else if p.arg.flatten {
                quote_spanned!(ty.span()=> __mcp_schema.flatten::<#ty>();)
            } else if let Some(default) = &p.arg.default {
                quote_spanned!(ty.span()=> __mcp_schema.param_with_default::<#ty, _>(#name, #description, #default);)
            } else {
                quote_spanned!(ty.span()=> __mcp_schema.param::<#ty, _>(#name, #description);)
            };
            quote!(#add #header)
        })
        .collect()
}

fn output_spec(tool: &Item<ToolAttrs>, rt: &TokenStream) -> TokenStream {
    let span = tool.output.ty.span();
    if tool.output.content_list {
        return quote_spanned!(span=> <#rt::__private::Contents as #rt::__private::IntoToolResult>::output_spec());
    }
    let ty = tool.output.delivered_type();
    quote_spanned!(span=> <#ty as #rt::__private::IntoToolResult>::output_spec())
}

fn annotations(tool: &Item<ToolAttrs>, rt: &TokenStream) -> Option<TokenStream> {
    let a = &tool.attrs;
    let hints = [
        ("read_only_hint", a.read_only),
        ("destructive_hint", a.destructive),
        ("idempotent_hint", a.idempotent),
        ("open_world_hint", a.open_world),
    ];
    let set: Vec<_> = hints
        .iter()
        .filter_map(|(field, value)| {
            let field = format_ident!("{}", field);
            value.map(|v| quote!(#field: ::core::option::Option::Some(#v),))
        })
        .collect();
    let title = a.title.as_ref().map(|t| quote!(title: ::core::option::Option::Some(::std::string::String::from(#t)),));
    if set.is_empty() && title.is_none() {
        return None;
    }
    Some(quote! {
        .with_annotations(#rt::__private::ToolAnnotations { #title #(#set)* ..::core::default::Default::default() })
    })
}

fn shim_closure(tool: &Item<ToolAttrs>, callee: &Callee, rt: &TokenStream) -> TokenStream {
    let name = tool.name();
    let vars: Vec<_> = (0..tool.params.len()).map(|i| format_ident!("__mcp_p{}", i)).collect();
    let extracts = tool.params.iter().map(|p| extract_expr(p, rt)).collect();
    let extracts = crate::item::glue::bind_each(&vars, extracts, || quote!(#rt::__private::reject(#name, e)));
    let body = call_body(tool, callee, &vars, rt);
    let this = callee.capture(rt);
    quote! {
        move |__mcp_input: #rt::__private::CallInput<'_>| -> #rt::__private::ToolFuture {
            let __mcp_args = match __mcp_input.args() {
                ::core::result::Result::Ok(args) => args,
                ::core::result::Result::Err(e) => return #rt::__private::reject(#name, e),
            };
            #(#extracts)*
            let __mcp_mode = __mcp_input.mode;
            #this
            ::std::boxed::Box::pin(async move { #body })
        }
    }
}

fn extract_expr(p: &Param, rt: &TokenStream) -> TokenStream {
    let (ty, name) = (&p.ty, p.name());
    if p.is_pattern {
        quote_spanned!(ty.span()=> <#ty as #rt::__private::PatternParam>::extract(__mcp_input.ctx).map_err(#rt::__private::ParamError::Extractor))
    } else if p.arg.flatten {
        quote_spanned!(ty.span()=> #rt::__private::extract_flattened::<#ty>(&__mcp_args))
    } else if let Some(default) = &p.arg.default {
        quote_spanned!(ty.span()=> #rt::__private::extract_or::<#ty, _>(&__mcp_args, #name, __mcp_input.ctx, || #default))
    } else {
        quote_spanned!(ty.span()=> <#ty as #rt::__private::ToolParam<_>>::extract(&__mcp_args, #name, __mcp_input.ctx))
    }
}

fn call_body(tool: &Item<ToolAttrs>, callee: &Callee, vars: &[proc_macro2::Ident], rt: &TokenStream) -> TokenStream {
    let call = callee.call(&tool.ident, vars);
    let produce = if tool.is_async {
        quote!(let __mcp_ret = #call.await;)
    } else if tool.attrs.blocking.is_some() {
        quote! {
            let __mcp_ret = match #rt::__private::run_blocking(move || #call).await {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(failed) => return ::core::result::Result::Ok(failed),
            };
        }
    } else {
        quote!(let __mcp_ret = #call;)
    };
    let deliver = deliver_expr(tool, rt);
    quote! { #produce ::core::result::Result::Ok(#deliver) }
}

fn deliver_expr(tool: &Item<ToolAttrs>, rt: &TokenStream) -> TokenStream {
    let span = tool.output.ty.span();
    let adapt = tool.output.content_list.then(|| quote!(#rt::__private::Contents::from));
    match (&tool.output.ok_type, adapt) {
        (Some(_), Some(adapt)) => {
            quote_spanned!(span=> #rt::__private::deliver_result(__mcp_ret.map(#adapt), __mcp_mode))
        }
        (Some(_), None) => {
            quote_spanned!(span=> #rt::__private::deliver_result(__mcp_ret, __mcp_mode))
        }
        (None, Some(adapt)) => {
            quote_spanned!(span=> #rt::__private::deliver(#adapt(__mcp_ret), __mcp_mode))
        }
        (None, None) => quote_spanned!(span=> #rt::__private::deliver(__mcp_ret, __mcp_mode)),
    }
}
