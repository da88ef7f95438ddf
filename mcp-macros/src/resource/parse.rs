//! Parsing `#[resource("uri", ..)]` arguments.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::parse::{ParseStream, Parser};
use syn::{LitInt, LitStr, Path, Token};

use crate::attr::{parse_key, set, KeyParser};
use crate::diag::Errors;
use crate::item::{parse_complete, parse_icons, parse_scopes, Completion};

/// The keys `#[resource(..)]` accepts after the URI, each with its parser.
const RESOURCE_KEYS: &[(&str, KeyParser<ResourceAttrs>)] = &[
    ("name", |a, m| set(&mut a.name, m.value()?.parse()?)),
    ("title", |a, m| set(&mut a.title, m.value()?.parse()?)),
    ("description", |a, m| set(&mut a.description, m.value()?.parse()?)),
    ("mime", |a, m| set(&mut a.mime, m.value()?.parse()?)),
    ("size", |a, m| set(&mut a.size, m.value()?.parse()?)),
    ("icons", |a, m| {
        a.icons = parse_icons(m)?;
        Ok(())
    }),
    ("scopes", |a, m| {
        a.scopes = parse_scopes(m)?;
        Ok(())
    }),
    ("complete", |a, m| parse_complete(m, &mut a.complete)),
    ("ttl_ms", |a, m| set(&mut a.ttl_ms, m.value()?.parse()?)),
    ("cache_scope", |a, m| set(&mut a.cache_scope, parse_cache_scope(m)?)),
    ("crate", |a, m| set(&mut a.krate, m.value()?.parse::<LitStr>()?.parse()?)),
];

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
    /// The resource's name; the function's name by default.
    pub(crate) name: Option<LitStr>,
    /// A human-readable title.
    pub(crate) title: Option<LitStr>,
    /// Overrides the doc comment.
    pub(crate) description: Option<LitStr>,
    /// The MIME type; the return type's default otherwise.
    pub(crate) mime: Option<LitStr>,
    /// The size in bytes.
    pub(crate) size: Option<LitInt>,
    /// Icon URLs.
    pub(crate) icons: Vec<LitStr>,
    /// OAuth scopes a caller needs.
    pub(crate) scopes: Vec<LitStr>,
    /// How long clients may cache a read, in milliseconds.
    pub(crate) ttl_ms: Option<LitInt>,
    /// `"public"` or `"private"`.
    pub(crate) cache_scope: Option<LitStr>,
    /// Completion functions for template variables.
    pub(crate) complete: Vec<Completion>,
    /// The path to mcp-runtime.
    pub(crate) krate: Option<Path>,
    /// The keys given so far (each may be given once).
    seen: Vec<String>,
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

    fn parse_key(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let mut seen = std::mem::take(&mut self.seen);
        let parsed = parse_key(self, meta, "resource", RESOURCE_KEYS, &mut seen);
        self.seen = seen;
        parsed
    }
}
