//! The keys every item attribute shares, parsed once: `name`, `title`,
//! `description`, `icons`, `scopes` and `crate` for all three, and
//! `complete(..)` for resources and prompts. Each kind's own keys come
//! from its [`KeyTable`].

use std::ops::DerefMut;

use syn::meta::ParseNestedMeta;
use syn::{Ident, LitStr, Path};

use crate::attr::{parse_key, set, KeyParser};

/// The shared keys of one item attribute.
#[derive(Default)]
pub(crate) struct ItemKeys {
    /// The item's name; the function's name by default.
    pub(crate) name: Option<LitStr>,
    /// A human-readable title.
    pub(crate) title: Option<LitStr>,
    /// Overrides the doc comment as the description.
    pub(crate) description: Option<LitStr>,
    /// Icon URLs.
    pub(crate) icons: Vec<LitStr>,
    /// OAuth scopes a caller needs.
    pub(crate) scopes: Vec<LitStr>,
    /// Completion functions for arguments or template variables.
    pub(crate) complete: Vec<Completion>,
    /// The path to mcp-runtime.
    pub(crate) krate: Option<Path>,
    /// The keys given so far (each may be given once).
    seen: Vec<String>,
}

/// An item attribute's struct: the shared [`ItemKeys`] behind `Deref`,
/// plus the keys of its own table.
pub(crate) trait KeyTable: DerefMut<Target = ItemKeys> + Sized + 'static {
    /// The attribute's name, for errors: `tool`, `resource`, `prompt`.
    const ATTR: &'static str;
    /// Whether it takes `complete(..)`.
    const COMPLETES: bool;
    /// The keys only this attribute takes, each with its parser.
    const OWN_KEYS: &'static [(&'static str, KeyParser<Self>)];

    /// Parses one `key` or `key = value`: a shared key or one of
    /// [`OWN_KEYS`](Self::OWN_KEYS). The valid keys are listed in errors
    /// as name..scopes, the own keys, then `complete` and `crate`.
    fn parse_key(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let (leading, complete, krate) = (leading_keys::<Self>(), [complete_key::<Self>()], [crate_key::<Self>()]);
        let completes: &[(&str, KeyParser<Self>)] = if Self::COMPLETES { &complete } else { &[] };
        let tables: [&[(&str, KeyParser<Self>)]; 4] = [&leading, Self::OWN_KEYS, completes, &krate];
        let mut seen = std::mem::take(&mut self.seen);
        let parsed = parse_key(self, meta, Self::ATTR, &tables, &mut seen);
        self.seen = seen;
        parsed
    }
}

/// The shared keys listed before an attribute's own.
fn leading_keys<T: DerefMut<Target = ItemKeys>>() -> [(&'static str, KeyParser<T>); 5] {
    [
        ("name", |a, m| set(&mut a.name, m.value()?.parse()?)),
        ("title", |a, m| set(&mut a.title, m.value()?.parse()?)),
        ("description", |a, m| set(&mut a.description, m.value()?.parse()?)),
        ("icons", |a, m| {
            a.icons = parse_icons(m)?;
            Ok(())
        }),
        ("scopes", |a, m| {
            a.scopes = parse_scopes(m)?;
            Ok(())
        }),
    ]
}

/// `complete(a = f, ..)`, which may be given more than once.
fn complete_key<T: DerefMut<Target = ItemKeys>>() -> (&'static str, KeyParser<T>) {
    ("complete", |a, m| parse_complete(m, &mut a.complete))
}

/// `crate = "path"`: where generated code finds mcp-runtime.
fn crate_key<T: DerefMut<Target = ItemKeys>>() -> (&'static str, KeyParser<T>) {
    ("crate", |a, m| set(&mut a.krate, parse_crate(m)?))
}

/// Parses `crate = "path"` (also `#[handlers(crate = "..")]`).
pub(crate) fn parse_crate(meta: &ParseNestedMeta<'_>) -> syn::Result<Path> {
    meta.value()?.parse::<LitStr>()?.parse()
}

/// Lets an item attribute's struct, whose `item` field holds the shared
/// keys, be read and parsed as [`ItemKeys`].
macro_rules! derefs_to_item_keys {
    ($attrs:ty) => {
        impl std::ops::Deref for $attrs {
            type Target = $crate::item::keys::ItemKeys;

            fn deref(&self) -> &$crate::item::keys::ItemKeys {
                &self.item
            }
        }

        impl std::ops::DerefMut for $attrs {
            fn deref_mut(&mut self) -> &mut $crate::item::keys::ItemKeys {
                &mut self.item
            }
        }
    };
}
pub(crate) use derefs_to_item_keys;

/// One `complete(name = function)` entry.
pub(crate) struct Completion {
    /// The argument or variable completed.
    pub(crate) name: Ident,
    /// The function that completes it: `fn(&str) -> impl IntoIterator<Item = impl Into<String>>`.
    pub(crate) function: syn::Path,
}

/// Parses `complete(a = f, b = g)`.
pub(crate) fn parse_complete(meta: &ParseNestedMeta<'_>, out: &mut Vec<Completion>) -> syn::Result<()> {
    meta.parse_nested_meta(|inner| {
        let name = inner.path.require_ident()?.clone();
        let function: syn::Path = inner.value()?.parse()?;
        out.push(Completion { name, function });
        Ok(())
    })
}

/// Parses `icons = ["https://..", "data:.."]`.
pub(crate) fn parse_icons(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<LitStr>> {
    parse_str_list(meta, "an icon is a string literal: its URL or `data:` URI")
}

/// Parses `scopes = ["notes:read", ..]`: OAuth scopes, which are non-empty
/// and hold no spaces or quotes (RFC 6749 `scope-token`).
pub(crate) fn parse_scopes(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<LitStr>> {
    let scopes = parse_str_list(meta, "a scope is a string literal, such as `\"notes:read\"`")?;
    for scope in &scopes {
        let value = scope.value();
        let token = |c: char| c == '!' || ('#'..='[').contains(&c) || (']'..='~').contains(&c);
        if value.split_whitespace().count() > 1 {
            let split: Vec<String> = value.split_whitespace().map(|s| format!("{s:?}")).collect();
            let message = format!("a scope is one word; write several as separate strings: `[{}]`", split.join(", "));
            return Err(syn::Error::new_spanned(scope, message));
        }
        if value.trim().is_empty() {
            return Err(syn::Error::new_spanned(scope, "a scope cannot be empty; leave it out of the list"));
        }
        if !value.chars().all(token) {
            return Err(syn::Error::new_spanned(scope, "a scope is one word: no spaces, quotes or backslashes"));
        }
    }
    Ok(scopes)
}

fn parse_str_list(meta: &ParseNestedMeta<'_>, what: &str) -> syn::Result<Vec<LitStr>> {
    let array: syn::ExprArray = meta.value()?.parse()?;
    array
        .elems
        .iter()
        .map(|e| match e {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Ok(s.clone()),
            other => Err(syn::Error::new_spanned(other, what)),
        })
        .collect()
}
