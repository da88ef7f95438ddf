//! Parsing `#[prompt(..)]` arguments into [`PromptAttrs`], from one key table.

use syn::meta::ParseNestedMeta;
use syn::{LitStr, Path};

use crate::attr::{parse_key, set, KeyParser};
use crate::item::{parse_complete, parse_icons, parse_scopes, Completion};
use crate::signature::unraw;

/// The keys `#[prompt(..)]` accepts.
const PROMPT_KEYS: &[(&str, KeyParser<PromptAttrs>)] = &[
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
    ("complete", |a, m| parse_complete(m, &mut a.complete)),
    ("crate", |a, m| set(&mut a.krate, m.value()?.parse::<LitStr>()?.parse()?)),
];

/// The arguments of `#[prompt(..)]`.
#[derive(Default)]
pub(crate) struct PromptAttrs {
    pub(crate) name: Option<LitStr>,
    pub(crate) title: Option<LitStr>,
    pub(crate) description: Option<LitStr>,
    pub(crate) icons: Vec<LitStr>,
    pub(crate) scopes: Vec<LitStr>,
    pub(crate) complete: Vec<Completion>,
    pub(crate) krate: Option<Path>,
    /// The keys given so far (each may be given once).
    seen: Vec<String>,
}

impl PromptAttrs {
    /// The prompt's name: `name = ".."`, else the function's.
    pub(crate) fn name_or(&self, ident: &syn::Ident) -> String {
        self.name.as_ref().map_or_else(|| unraw(ident), LitStr::value)
    }

    /// Parses one key of `#[prompt(..)]`.
    pub(crate) fn parse_key(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let mut seen = std::mem::take(&mut self.seen);
        let parsed = parse_key(self, meta, "prompt", PROMPT_KEYS, &mut seen);
        self.seen = seen;
        parsed
    }
}
