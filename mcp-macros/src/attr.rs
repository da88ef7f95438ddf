//! Parsing attribute arguments: `#[tool(name = "x", read_only)]` and
//! `#[arg(description = "..", default = expr, flatten)]`.

use std::ops::DerefMut;

use syn::meta::ParseNestedMeta;
use syn::{Expr, LitBool, LitStr, Path};

use crate::diag::Errors;

/// How one key of an attribute reads its value into the attribute's struct.
pub(crate) type KeyParser<T> = fn(&mut T, &ParseNestedMeta<'_>) -> syn::Result<()>;

/// The keys `#[tool(..)]` accepts beyond [`item_keys`], each with its
/// parser: with those, the one table both the parsing and the help text
/// come from.
pub(crate) const TOOL_KEYS: &[(&str, KeyParser<ToolAttrs>)] = &[
    ("read_only", |a, m| set(&mut a.read_only, flag(m)?)),
    ("destructive", |a, m| set(&mut a.destructive, flag(m)?)),
    ("idempotent", |a, m| set(&mut a.idempotent, flag(m)?)),
    ("open_world", |a, m| set(&mut a.open_world, flag(m)?)),
    ("blocking", |a, m| {
        a.blocking = flag(m)?.then(|| m.path.segments[0].ident.span());
        Ok(())
    }),
    ("crate", |a, m| set(&mut a.krate, m.value()?.parse::<LitStr>()?.parse()?)),
];

/// The keys `#[arg(..)]` accepts, with their parsers.
const ARG_KEYS: &[(&str, KeyParser<ArgAttrs>)] = &[
    ("description", |a, m| set(&mut a.description, m.value()?.parse()?)),
    ("default", |a, m| set(&mut a.default, m.value()?.parse()?)),
    ("flatten", |a, _| {
        a.flatten = true;
        Ok(())
    }),
    ("rename", |a, m| set(&mut a.rename, m.value()?.parse()?)),
    ("header", |a, m| set(&mut a.header, parse_header_name(m)?)),
];

/// The keys that may be given more than once: each `complete(..)` adds
/// its completions to the others.
const REPEATABLE: &[&str] = &["complete"];

/// Stores a key's value.
pub(crate) fn set<T>(slot: &mut Option<T>, value: T) -> syn::Result<()> {
    *slot = Some(value);
    Ok(())
}

/// Parses one key of `#[attr(..)]` through `table`. An unknown key is an
/// error that lists the valid ones and suggests the nearest; a key given
/// twice (`seen` holds those given so far) is an error too.
pub(crate) fn parse_key<T>(
    target: &mut T,
    meta: &ParseNestedMeta<'_>,
    attr: &str,
    tables: &[&[(&str, KeyParser<T>)]],
    seen: &mut Vec<String>,
) -> syn::Result<()> {
    let key = key_of(meta);
    let mut entries = tables.iter().flat_map(|table| table.iter());
    let Some((_, parse)) = entries.find(|(name, _)| *name == key) else {
        let names: Vec<&str> = tables.iter().flat_map(|table| table.iter()).map(|(name, _)| *name).collect();
        return Err(unknown_key(meta, attr, &names));
    };
    if seen.contains(&key) && !REPEATABLE.contains(&key.as_str()) {
        return Err(meta.error(format!("`{key}` is given twice in `#[{attr}(..)]`; keep one")));
    }
    seen.push(key);
    parse(target, meta)
}

/// The arguments of `#[tool(..)]`.
#[derive(Default)]
pub(crate) struct ToolAttrs {
    /// The keys every item attribute takes.
    pub(crate) item: ItemKeys,
    /// Annotation hints, in the order of the schema.
    pub(crate) read_only: Option<bool>,
    pub(crate) destructive: Option<bool>,
    pub(crate) idempotent: Option<bool>,
    pub(crate) open_world: Option<bool>,
    /// Run a sync function on the blocking pool; the span of the key.
    pub(crate) blocking: Option<proc_macro2::Span>,
}

impl ToolAttrs {
    /// Parses one `key` or `key = value` of `#[tool(..)]`.
    pub(crate) fn parse_key(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        parse_item_key(self, meta, "tool", TOOL_KEYS)
    }
}

/// Lets an item attribute's struct, whose `item` field holds the shared
/// keys, be read and parsed as [`ItemKeys`].
macro_rules! derefs_to_item_keys {
    ($attrs:ty) => {
        impl std::ops::Deref for $attrs {
            type Target = $crate::attr::ItemKeys;

            fn deref(&self) -> &$crate::attr::ItemKeys {
                &self.item
            }
        }

        impl std::ops::DerefMut for $attrs {
            fn deref_mut(&mut self) -> &mut $crate::attr::ItemKeys {
                &mut self.item
            }
        }
    };
}
pub(crate) use derefs_to_item_keys;

derefs_to_item_keys!(ToolAttrs);

/// The keys `#[tool]`, `#[resource]` and `#[prompt]` all take, written once
/// (each attribute's own table adds the rest, `crate` included).
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
    /// The path to mcp-runtime.
    pub(crate) krate: Option<Path>,
    /// The keys given so far (each may be given once).
    seen: Vec<String>,
}

/// The entries of [`ItemKeys`] in an attribute's key table.
fn item_keys<T: DerefMut<Target = ItemKeys>>() -> [(&'static str, KeyParser<T>); 5] {
    [
        ("name", |a, m| set(&mut a.name, m.value()?.parse()?)),
        ("title", |a, m| set(&mut a.title, m.value()?.parse()?)),
        ("description", |a, m| set(&mut a.description, m.value()?.parse()?)),
        ("icons", |a, m| {
            a.icons = crate::item::parse_icons(m)?;
            Ok(())
        }),
        ("scopes", |a, m| {
            a.scopes = crate::item::parse_scopes(m)?;
            Ok(())
        }),
    ]
}

/// Parses one key of an item attribute (`attr` names it in errors): a key
/// of [`ItemKeys`], or one of the attribute's `own` table.
pub(crate) fn parse_item_key<T: DerefMut<Target = ItemKeys>>(
    target: &mut T,
    meta: &ParseNestedMeta<'_>,
    attr: &str,
    own: &[(&str, KeyParser<T>)],
) -> syn::Result<()> {
    let mut seen = std::mem::take(&mut target.seen);
    let parsed = parse_key(target, meta, attr, &[&item_keys::<T>(), own], &mut seen);
    target.seen = seen;
    parsed
}

/// The key of one nested meta item (empty for a path that is not an identifier).
pub(crate) fn key_of(meta: &ParseNestedMeta<'_>) -> String {
    meta.path.get_ident().map(ToString::to_string).unwrap_or_default()
}

/// `key` alone means true; `key = true|false` is explicit.
fn flag(meta: &ParseNestedMeta<'_>) -> syn::Result<bool> {
    if meta.input.peek(syn::Token![=]) {
        Ok(meta.value()?.parse::<LitBool>()?.value)
    } else {
        Ok(true)
    }
}

/// The error for an unknown key: the nearest valid one, if one is near,
/// and the list of them.
pub(crate) fn unknown_key(meta: &ParseNestedMeta<'_>, attr: &str, valid: &[&str]) -> syn::Error {
    let path = &meta.path;
    let shown = quote::quote!(#path).to_string().replace(' ', "");
    let hint = nearest(&shown, valid).map(|key| format!("did you mean `{key}`? ")).unwrap_or_default();
    meta.error(format!("unknown `#[{attr}]` key `{shown}`; {hint}valid keys are: {}", valid.join(", ")))
}

/// The valid key nearest to `given`, ignoring case and underscores, when
/// it is within a typo or two of it.
fn nearest<'a>(given: &str, valid: &[&'a str]) -> Option<&'a str> {
    let squash = |key: &str| key.replace('_', "").to_lowercase();
    let given = squash(given);
    valid
        .iter()
        .map(|key| (*key, edit_distance(&given, &squash(key))))
        .filter(|(key, distance)| *distance <= (key.len() / 4).max(1))
        .min_by_key(|(_, distance)| *distance)
        .map(|(key, _)| key)
}

/// The edit distance between two short strings, a swap of two neighbours
/// counting as one edit (optimal string alignment).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The arguments of `#[arg(..)]` on one parameter.
#[derive(Default)]
pub(crate) struct ArgAttrs {
    /// Overrides the parameter's doc comment.
    pub(crate) description: Option<LitStr>,
    /// The value used when the argument is absent.
    pub(crate) default: Option<Expr>,
    /// The parameter is the whole arguments object.
    pub(crate) flatten: bool,
    /// The argument's name on the wire, when it differs from the parameter's.
    pub(crate) rename: Option<LitStr>,
    /// Mirror the argument into the `Mcp-Param-{header}` HTTP header.
    pub(crate) header: Option<LitStr>,
    /// The keys given, where they were written.
    pub(crate) given: Vec<syn::Ident>,
}

impl ArgAttrs {
    /// Whether any key was given.
    pub(crate) fn is_set(&self) -> bool {
        self.description.is_some()
            || self.default.is_some()
            || self.flatten
            || self.rename.is_some()
            || self.header.is_some()
    }

    /// Parses every `#[arg(..)]` among a parameter's attributes.
    pub(crate) fn parse(attrs: &[syn::Attribute], errors: &mut Errors) -> Self {
        let mut out = ArgAttrs::default();
        let mut seen = Vec::new();
        for attr in attrs.iter().filter(|a| a.path().is_ident("arg")) {
            let parsed = attr.parse_nested_meta(|meta| {
                let known = meta.path.get_ident().filter(|key| ARG_KEYS.iter().any(|(name, _)| key == name));
                out.given.extend(known.cloned());
                parse_key(&mut out, &meta, "arg", &[ARG_KEYS], &mut seen)
            });
            errors.keep(parsed);
        }
        out
    }

    /// Reports each key given that a parameter of `kind` does not take:
    /// `allowed` are the keys it does, and `why` says what to do instead.
    pub(crate) fn check_keys(&self, kind: &str, allowed: &[&str], why: &str, errors: &mut Errors) {
        let refused = self.given.iter().filter(|key| !allowed.iter().any(|a| key == a));
        let takes = match allowed {
            [] => "no `#[arg(..)]` keys".to_owned(),
            keys => format!("only {}", keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and ")),
        };
        for key in refused {
            errors.push_at(key.span(), format!("`#[arg({key})]` does not apply to {kind}, which takes {takes}; {why}"));
        }
    }
}

/// `#[arg(header = "Region")]`: an HTTP field-name token (RFC 9110 `tchar`s).
fn parse_header_name(meta: &ParseNestedMeta<'_>) -> syn::Result<LitStr> {
    let name: LitStr = meta.value()?.parse()?;
    let value = name.value();
    let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if value.is_empty() || !value.chars().all(tchar) {
        return Err(syn::Error::new_spanned(
            &name,
            "a header name is one or more of A-Z a-z 0-9 and !#$%&'*+-.^_`|~ (it becomes `Mcp-Param-<name>`)",
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_get_a_suggestion_and_strangers_do_not() {
        let keys = ["name", "read_only", "description", "open_world"];
        assert_eq!(nearest("readonly", &keys), Some("read_only"));
        assert_eq!(nearest("ReadOnly", &keys), Some("read_only"));
        assert_eq!(nearest("descripton", &keys), Some("description"));
        assert_eq!(nearest("nmae", &keys), Some("name"));
        assert_eq!(nearest("titel", &["title", "name"]), Some("title"));
        assert_eq!(nearest("colour", &keys), None);
    }
}
