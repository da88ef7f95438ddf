//! `#[toolbox]` on an impl block: each `#[tool]` method becomes a tool that
//! holds an `Arc` of the value, through a generated `ToolBox` impl.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{ImplItem, ItemImpl};

use super::parse::ToolFn;
use super::shim::{tool_def_expr, Callee};
use super::strip_param_attrs;
use super::validate::{validate, Site};
use crate::attr::ToolAttrs;
use crate::diag::Errors;
use crate::paths::runtime_path;

/// Expands `#[toolbox]` on an impl block.
pub(crate) fn expand_impl(krate: Option<syn::Path>, mut item: ItemImpl, mut errors: Errors) -> TokenStream {
    let rt = runtime_path(krate.as_ref());
    let mut defs = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for impl_item in &mut item.items {
        let ImplItem::Fn(method) = impl_item else {
            continue;
        };
        let Some(attrs) = take_tool_attr(&mut method.attrs, &mut errors) else {
            continue;
        };
        let tool = ToolFn::parse(attrs, &method.attrs, &method.sig, &mut errors);
        validate(&tool, Site::Method, &mut errors);
        strip_param_attrs(&mut method.sig);
        if names.contains(&tool.name()) {
            errors.push(&tool.ident, format!("two tools in this impl block are named `{}`", tool.name()));
        }
        names.push(tool.name());
        let callee = if tool.receiver.is_some() { Callee::Method } else { Callee::Associated };
        defs.push(tool_def_expr(&tool, &callee, &rt));
    }
    let compile_errors = errors.to_compile_errors();
    let toolbox = errors.is_empty().then(|| toolbox_impl(&item, &defs, &rt));
    quote! {
        #item
        #toolbox
        #compile_errors
    }
}

fn toolbox_impl(item: &ItemImpl, defs: &[TokenStream], rt: &TokenStream) -> TokenStream {
    let (impl_generics, _, where_clause) = item.generics.split_for_impl();
    let self_ty = &item.self_ty;
    quote! {
        impl #impl_generics #rt::__private::ToolBox for #self_ty #where_clause {
            fn tool_defs(self: #rt::__private::Arc<Self>) -> ::std::vec::Vec<#rt::__private::ToolDef> {
                ::std::vec![#({
                    #[allow(unused_variables)]
                    let __mcp_self = #rt::__private::Arc::clone(&self);
                    #defs
                }),*]
            }
        }
    }
}

/// Removes the `#[tool]` attribute of a method and parses its arguments.
fn take_tool_attr(attrs: &mut Vec<syn::Attribute>, errors: &mut Errors) -> Option<ToolAttrs> {
    let index = attrs.iter().position(|a| a.path().is_ident("tool"))?;
    let attr = attrs.remove(index);
    let mut parsed = ToolAttrs::default();
    if let syn::Meta::List(_) = attr.meta {
        errors.keep(attr.parse_nested_meta(|meta| parsed.parse_key(&meta)));
    }
    Some(parsed)
}
