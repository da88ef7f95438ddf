//! Parsing `#[resource("uri", ..)]` arguments.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::parse::{ParseStream, Parser};
use syn::{LitInt, LitStr, Path, Token};

use crate::attr::{key_of, unknown_key};
use crate::diag::Errors;
use crate::item::{parse_complete, parse_icons, parse_scopes, Completion};

/// The keys `#[resource(..)]` accepts after the URI.
pub(crate) const RESOURCE_KEYS: &[&str] =
    &["name", "title", "description", "mime", "size", "icons", "scopes", "complete", "crate"];

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
        match key_of(meta).as_str() {
            "name" => self.name = Some(meta.value()?.parse()?),
            "title" => self.title = Some(meta.value()?.parse()?),
            "description" => self.description = Some(meta.value()?.parse()?),
            "mime" => self.mime = Some(meta.value()?.parse()?),
            "size" => self.size = Some(meta.value()?.parse()?),
            "icons" => self.icons = parse_icons(meta)?,
            "scopes" => self.scopes = parse_scopes(meta)?,
            "complete" => parse_complete(meta, &mut self.complete)?,
            "ttl_ms" => self.ttl_ms = Some(meta.value()?.parse()?),
            "cache_scope" => {
                let scope: LitStr = meta.value()?.parse()?;
                if !matches!(scope.value().as_str(), "public" | "private") {
                    return Err(syn::Error::new_spanned(scope, "`cache_scope` is \"public\" or \"private\""));
                }
                self.cache_scope = Some(scope);
            }
            "crate" => self.krate = Some(meta.value()?.parse::<LitStr>()?.parse()?),
            _ => return Err(unknown_key(meta, "resource", RESOURCE_KEYS)),
        }
        Ok(())
    }
}
