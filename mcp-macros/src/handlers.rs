//! `#[handlers]` on an impl block: its `#[tool]`, `#[resource]` and
//! `#[prompt]` methods become handlers that hold an `Arc` of the value,
//! through a generated `Handlers` impl; its `&self` methods can complete
//! arguments (`complete(id = note_ids)`).

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::{FnArg, ImplItem, ImplItemFn, ItemImpl, Type};

use crate::diag::Errors;
use crate::item::glue::CompleterMethod;
use crate::item::{expand_method, Item, Kind as ItemKind};
use crate::paths::runtime_path;
use crate::prompt::PromptAttrs;
use crate::resource::ResourceAttrs;
use crate::signature::strip_param_attrs;
use crate::tool::ToolAttrs;

/// The handler kinds an attribute on a method can declare.
enum Kind {
    Tool(ToolAttrs),
    Resource(Box<ResourceAttrs>),
    Prompt(PromptAttrs),
}

/// The handlers found in the block, as expressions, and the keys already used.
#[derive(Default)]
struct Found {
    tools: Vec<TokenStream>,
    resources: Vec<TokenStream>,
    prompts: Vec<TokenStream>,
    keys: Vec<(&'static str, String)>,
}

/// Expands `#[handlers]` on an impl block.
pub(crate) fn expand(krate: Option<syn::Path>, mut item: ItemImpl, mut errors: Errors) -> TokenStream {
    let rt = runtime_path(krate.as_ref());
    let completers = completer_methods(&item);
    let mut found = Found::default();
    for impl_item in &mut item.items {
        let ImplItem::Fn(method) = impl_item else { continue };
        let Some(kind) = take_kind(method, &mut errors) else { continue };
        add_handler(kind, method, &completers, &rt, &mut found, &mut errors);
        strip_param_attrs(&mut method.sig);
    }
    let compile_errors = errors.to_compile_errors();
    let handlers_impl = handlers_impl(&item, &found, errors.is_empty(), &rt);
    quote! {
        #item
        #handlers_impl
        #compile_errors
    }
}

/// Builds one method's handler and records it with the others of its kind.
fn add_handler(
    kind: Kind,
    method: &ImplItemFn,
    completers: &[CompleterMethod],
    rt: &TokenStream,
    found: &mut Found,
    errors: &mut Errors,
) {
    let Found { tools, resources, prompts, keys } = found;
    match kind {
        Kind::Tool(attrs) => tools.extend(method_def(attrs, method, completers, rt, keys, errors)),
        Kind::Resource(attrs) => resources.extend(method_def(*attrs, method, completers, rt, keys, errors)),
        Kind::Prompt(attrs) => prompts.extend(method_def(attrs, method, completers, rt, keys, errors)),
    }
}

/// One method through the item pipeline: parsed, checked for a key the
/// block already used, validated and expanded.
fn method_def<K: ItemKind>(
    attrs: K,
    method: &ImplItemFn,
    completers: &[CompleterMethod],
    rt: &TokenStream,
    keys: &mut Vec<(&'static str, String)>,
    errors: &mut Errors,
) -> Option<TokenStream> {
    let item = Item::parse(attrs, &method.attrs, &method.sig, errors);
    check_unique(keys, K::ATTR, K::key(&item), &method.sig.ident, errors);
    expand_method(&item, completers, rt, errors)
}

/// Two handlers of one kind in the block must not share a name or URI.
fn check_unique(
    keys: &mut Vec<(&'static str, String)>,
    kind: &'static str,
    key: String,
    at: &syn::Ident,
    errors: &mut Errors,
) {
    if keys.iter().any(|(k, existing)| *k == kind && *existing == key) {
        errors.push(at, format!("two {kind}s in this impl block are named `{key}`; rename one"));
    }
    keys.push((kind, key));
}

/// The `Handlers` impl. When the block has errors the impl still exists,
/// so that the only errors shown are the real ones.
fn handlers_impl(item: &ItemImpl, found: &Found, clean: bool, rt: &TokenStream) -> TokenStream {
    let each = |defs: &[TokenStream]| -> Vec<TokenStream> {
        defs.iter()
            .map(|def| {
                quote!({
                    #[allow(unused_variables)]
                    let __mcp_self = #rt::__private::Arc::clone(&self);
                    #def
                })
            })
            .collect()
    };
    let (tools, resources, prompts) = (each(&found.tools), each(&found.resources), each(&found.prompts));
    let body = if clean {
        quote!(#rt::__private::HandlerSet::new(::std::vec![#(#tools),*], ::std::vec![#(#resources),*], ::std::vec![#(#prompts),*]))
    } else {
        quote!(::core::unreachable!())
    };
    impl_handlers(rt, &item.generics, &item.self_ty, body)
}

/// `impl Handlers for <self_ty>`, whose `handlers` is `body`.
fn impl_handlers(rt: &TokenStream, generics: &syn::Generics, self_ty: &dyn ToTokens, body: TokenStream) -> TokenStream {
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    quote! {
        impl #impl_generics #rt::__private::Handlers for #self_ty #where_clause {
            fn handlers(self: #rt::__private::Arc<Self>) -> #rt::__private::HandlerSet {
                #body
            }
        }
    }
}

/// `#[handlers]` written on a struct or enum rather than on its impl block:
/// the item, an error that says where the attribute goes, and a fallback
/// `Handlers` impl so that passing the value to `.handlers(..)` adds no
/// second error.
pub(crate) fn on_a_type(krate: Option<syn::Path>, ty: &syn::DeriveInput, item: TokenStream) -> TokenStream {
    let message = format!(
        "`#[handlers]` goes on an `impl` block, not on the type: write `#[handlers] impl {} {{ .. }}` with the `#[tool]`, `#[resource]` and `#[prompt]` methods inside",
        ty.ident
    );
    let error = syn::Error::new_spanned(&ty.ident, message).to_compile_error();
    if !ty.generics.params.is_empty() {
        // A fallback for a generic type would need bounds of its own.
        return quote!(#item #error);
    }
    let rt = runtime_path(krate.as_ref());
    let fallback = impl_handlers(&rt, &ty.generics, &ty.ident, quote!(::core::unreachable!()));
    quote!(#item #error #fallback)
}

/// Removes the handler attribute of a method and parses its arguments.
fn take_kind(method: &mut ImplItemFn, errors: &mut Errors) -> Option<Kind> {
    let is_handler = |a: &syn::Attribute| ["tool", "resource", "prompt"].iter().any(|k| a.path().is_ident(k));
    let mut taken: Vec<syn::Attribute> = Vec::new();
    method.attrs.retain(|a| {
        let handler = is_handler(a);
        if handler {
            taken.push(a.clone());
        }
        !handler
    });
    let attr = taken.first()?;
    if let Some(second) = taken.get(1) {
        errors.push(second, "a method is one handler: keep one of `#[tool]`, `#[resource]` and `#[prompt]`");
    }
    Some(parse_kind(attr, errors))
}

fn parse_kind(attr: &syn::Attribute, errors: &mut Errors) -> Kind {
    let tokens = match &attr.meta {
        syn::Meta::List(list) => list.tokens.clone(),
        _ => TokenStream::new(),
    };
    if attr.path().is_ident("resource") {
        if tokens.is_empty() {
            errors.push(attr, "expected the resource's URI, e.g. `#[resource(\"greeting://hello\")]`");
        }
        return Kind::Resource(Box::new(ResourceAttrs::parse_args(tokens, errors)));
    }
    if attr.path().is_ident("prompt") {
        return Kind::Prompt(PromptAttrs::parse_args(tokens, errors));
    }
    Kind::Tool(ToolAttrs::parse_args(tokens, errors))
}

/// The `&self` methods of the block that can complete an argument: their
/// first parameter after `self` is `&str`.
fn completer_methods(item: &ItemImpl) -> Vec<CompleterMethod> {
    item.items
        .iter()
        .filter_map(|i| match i {
            ImplItem::Fn(method) => Some(method),
            _ => None,
        })
        .filter_map(|method| {
            let mut inputs = method.sig.inputs.iter();
            let Some(FnArg::Receiver(_)) = inputs.next() else { return None };
            let Some(FnArg::Typed(partial)) = inputs.next() else { return None };
            if !is_str_ref(&partial.ty) {
                return None;
            }
            let extractors = inputs
                .filter_map(|arg| match arg {
                    FnArg::Typed(pt) => Some((*pt.ty).clone()),
                    FnArg::Receiver(_) => None,
                })
                .collect();
            Some(CompleterMethod { ident: method.sig.ident.clone(), extractors })
        })
        .collect()
}

fn is_str_ref(ty: &Type) -> bool {
    matches!(ty, Type::Reference(r) if matches!(&*r.elem, Type::Path(p) if p.path.is_ident("str")))
}
