//! Parsing attribute arguments from key tables: the machinery every
//! attribute's keys go through (unknown keys, keys given twice, the
//! nearest valid key), and `#[arg(description = "..", default = expr)]`.

use syn::meta::ParseNestedMeta;
use syn::{Expr, LitBool, LitStr};

use crate::diag::Errors;

/// How one key of an attribute reads its value into the attribute's struct.
pub(crate) type KeyParser<T> = fn(&mut T, &ParseNestedMeta<'_>) -> syn::Result<()>;

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

/// The key of one nested meta item (empty for a path that is not an identifier).
pub(crate) fn key_of(meta: &ParseNestedMeta<'_>) -> String {
    meta.path.get_ident().map(ToString::to_string).unwrap_or_default()
}

/// `key` alone means true; `key = true|false` is explicit.
pub(crate) fn flag(meta: &ParseNestedMeta<'_>) -> syn::Result<bool> {
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
