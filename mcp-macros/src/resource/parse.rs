//! Parsing `#[resource("uri", ..)]` arguments: the URI first, then the
//! shared keys and those in the table below.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::parse::{ParseStream, Parser};
use syn::{LitInt, LitStr, Token};

use crate::attr::{set, KeyParser};
use crate::diag::Errors;
use crate::item::keys::{derefs_to_item_keys, ItemKeys, KeyTable};

impl KeyTable for ResourceAttrs {
    const ATTR: &'static str = "resource";
    const COMPLETES: bool = true;
    /// The keys `#[resource(..)]` accepts after the URI beyond the shared
    /// [`ItemKeys`], each with its parser.
    const OWN_KEYS: &'static [(&'static str, KeyParser<Self>)] = &[
        ("mime", |a, m| set(&mut a.mime, m.value()?.parse()?)),
        ("size", |a, m| set(&mut a.size, m.value()?.parse()?)),
        ("ttl_ms", |a, m| set(&mut a.ttl_ms, m.value()?.parse()?)),
        ("cache_scope", |a, m| set(&mut a.cache_scope, parse_cache_scope(m)?)),
    ];
}

/// `cache_scope = "public" | "private"`.
fn parse_cache_scope(meta: &ParseNestedMeta<'_>) -> syn::Result<LitStr> {
    let scope: LitStr = meta.value()?.parse()?;
    if !matches!(scope.value().as_str(), "public" | "private") {
        return Err(syn::Error::new_spanned(scope, "`cache_scope` is \"public\" or \"private\""));
    }
    Ok(scope)
}

/// The arguments of `#[resource(..)]`.
#[derive(Default)]
pub(crate) struct ResourceAttrs {
    /// The URI or URI template.
    pub(crate) uri: Option<LitStr>,
    /// The keys every item attribute takes.
    item: ItemKeys,
    /// The MIME type; the return type's default otherwise.
    pub(crate) mime: Option<LitStr>,
    /// The size in bytes.
    pub(crate) size: Option<LitInt>,
    /// How long clients may cache a read, in milliseconds.
    pub(crate) ttl_ms: Option<LitInt>,
    /// `"public"` or `"private"`.
    pub(crate) cache_scope: Option<LitStr>,
}

impl ResourceAttrs {
    /// Parses the attribute's arguments, recording errors.
    pub(crate) fn parse(args: TokenStream, errors: &mut Errors) -> Self {
        let mut attrs = ResourceAttrs::default();
        let parser = |input: ParseStream<'_>| -> syn::Result<TokenStream> {
            if !input.peek(LitStr) {
                return Err(input.error(
                    "expected the resource's URI as the first argument, e.g. `#[resource(\"greeting://hello\")]`",
                ));
            }
            attrs.uri = Some(input.parse()?);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
            input.parse()
        };
        let Some(rest) = errors.keep(parser.parse2(args)) else { return attrs };
        let keys = syn::meta::parser(|meta| attrs.parse_key(&meta));
        errors.keep(keys.parse2(rest));
        attrs
    }
}

derefs_to_item_keys!(ResourceAttrs);
