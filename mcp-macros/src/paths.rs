//! The path generated code uses to reach mcp-runtime.

use proc_macro2::TokenStream;
use quote::quote;

/// `::mcp_runtime`, or the path given with `crate = ".."`.
pub(crate) fn runtime_path(custom: Option<&syn::Path>) -> TokenStream {
    match custom {
        Some(path) => quote!(#path),
        None => quote!(::mcp_runtime),
    }
}
