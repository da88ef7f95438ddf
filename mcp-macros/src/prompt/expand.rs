//! The expression that builds a prompt's `PromptDef`: its arguments'
//! listing, its completer and the `prompts/get` shim.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::PromptAttrs;
use crate::item::glue::{bind_each, completer_expr, opt_str, option_inner, Callee, CompleterMethod};
use crate::item::Item;
use crate::signature::{HandlerFn, Param};

/// `PromptDef::new(..)` with the arguments' listing and the extractors' requirements.
pub(super) fn def_expr(
    item: &Item<PromptAttrs>,
    callee: &Callee,
    completers: &[CompleterMethod],
    rt: &TokenStream,
) -> TokenStream {
    let (attrs, sig) = (&item.attrs, &item.func);
    let name = item.name();
    let title = opt_str(item.title().as_deref());
    let description = opt_str(item.description().as_deref());
    let icons = &attrs.icons;
    let scopes = &attrs.scopes;
    let arguments = sig.params.iter().map(|p| argument_statement(p, rt));
    let completer = completer_expr(&attrs.complete, completers, rt);
    let get = get_closure(sig, callee, rt);
    let origin = callee.origin(&sig.ident);
    quote! {{
        let mut __mcp_arguments = ::std::vec::Vec::new();
        let mut __mcp_needs = #rt::__private::Requirements::default();
        #(#arguments)*
        let __mcp_info = #rt::__private::PromptInfo {
            name: #name, title: #title, description: #description, icons: &[#(#icons),*], scopes: &[#(#scopes),*],
        };
        #rt::__private::PromptDef::new(__mcp_info, __mcp_arguments, #completer, #get).with_requirements(__mcp_needs).with_origin(#origin)
    }}
}

fn argument_statement(p: &Param, rt: &TokenStream) -> TokenStream {
    if p.is_pattern {
        let ty = &p.ty;
        return quote_spanned!(ty.span()=> <#ty as #rt::__private::PatternParam>::requirements(&mut __mcp_needs););
    }
    let name = p.name();
    let description = opt_str(p.description().as_deref());
    let (ty, required) = match option_inner(&p.ty) {
        Some(inner) => (inner, false),
        None => (&p.ty, true),
    };
    quote_spanned!(ty.span()=> #rt::__private::prompt_argument::<#ty, _>(&mut __mcp_arguments, &mut __mcp_needs, #name, #description, #required);)
}

fn get_closure(sig: &HandlerFn, callee: &Callee, rt: &TokenStream) -> TokenStream {
    let vars: Vec<_> = (0..sig.params.len()).map(|i| format_ident!("__mcp_p{}", i)).collect();
    let extracts = sig.params.iter().map(|p| prompt_extract(p, rt)).collect();
    let extracts = bind_each(&vars, extracts, || quote!(#rt::__private::reject_prompt(e)));
    let call = callee.call(&sig.ident, &vars);
    let call = if sig.is_async { quote!(#call.await) } else { call };
    let this = callee.capture(rt);
    let ty = &sig.output.ty;
    let convert = quote_spanned!(ty.span()=> <#ty as #rt::__private::IntoPromptResult>::into_prompt_result(__mcp_ret));
    quote! {
        move |__mcp_input: #rt::__private::PromptInput<'_>| -> #rt::__private::PromptFuture {
            #(#extracts)*
            #this
            ::std::boxed::Box::pin(async move {
                let __mcp_ret = #call;
                #convert
            })
        }
    }
}

fn prompt_extract(p: &Param, rt: &TokenStream) -> TokenStream {
    let (ty, name) = (&p.ty, p.name());
    if p.is_pattern {
        return quote_spanned!(ty.span()=> <#ty as #rt::__private::PatternParam>::extract(__mcp_input.ctx));
    }
    match option_inner(ty) {
        Some(inner) => {
            quote_spanned!(ty.span()=> #rt::__private::optional_prompt_arg::<#inner, _>(__mcp_input.args, #name, __mcp_input.ctx))
        }
        None => {
            quote_spanned!(ty.span()=> <#ty as #rt::__private::PromptParam<_>>::extract(__mcp_input.args, #name, __mcp_input.ctx))
        }
    }
}
