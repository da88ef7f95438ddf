//! `#[tool]` on a free function: the function, unchanged, plus a hidden
//! struct of the same name (in the type namespace) that `tools![..]` collects.

pub(crate) mod parse;
pub(crate) mod shim;
pub(crate) mod validate;

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::attr::ToolAttrs;
use crate::diag::Errors;
use crate::paths::runtime_path;
use crate::signature::strip_param_attrs;
use crate::signature::validate::Site;
use parse::ToolFn;
use shim::{tool_def_expr, Callee};
use validate::validate;

/// Expands `#[tool(..)]` on a free function.
pub(crate) fn expand_free(attrs: ToolAttrs, mut item: ItemFn, mut errors: Errors) -> TokenStream {
    let tool = ToolFn::parse(attrs, &item.attrs, &item.sig, &mut errors);
    validate(&tool, Site::Free, &mut errors);
    strip_param_attrs(&mut item.sig);
    if tool.receiver.is_some() {
        // Inside an impl block: no items can be emitted next to the method.
        let compile_errors = errors.to_compile_errors();
        return quote!(#item #compile_errors);
    }
    let rt = runtime_path(tool.attrs.krate.as_ref());
    let ident = &tool.ident;
    let vis = &item.vis;
    let name = tool.name();
    let body =
        if errors.is_empty() { tool_def_expr(&tool, &Callee::Free, &rt) } else { quote!(::core::unreachable!()) };
    let compile_errors = errors.to_compile_errors();
    quote! {
        #item

        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #ident {}

        impl #rt::__private::ToolFactory for #ident {
            const KEY: &'static str = #name;
            fn def() -> #rt::__private::ToolDef {
                #body
            }
        }

        #compile_errors
    }
}
