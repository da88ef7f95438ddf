//! Parsing `#[prompt(..)]` arguments into [`PromptAttrs`], from one key table.

use syn::meta::ParseNestedMeta;
use syn::LitStr;

use crate::attr::{parse_item_key, set, ItemKeys, KeyParser};
use crate::item::{parse_complete, Completion};
use crate::signature::unraw;

/// The keys `#[prompt(..)]` accepts beyond the shared [`ItemKeys`].
const PROMPT_KEYS: &[(&str, KeyParser<PromptAttrs>)] = &[
    ("complete", |a, m| parse_complete(m, &mut a.complete)),
    ("crate", |a, m| set(&mut a.krate, m.value()?.parse::<LitStr>()?.parse()?)),
];

/// The arguments of `#[prompt(..)]`.
#[derive(Default)]
pub(crate) struct PromptAttrs {
    /// The keys every item attribute takes.
    item: ItemKeys,
    /// Completion functions for arguments.
    pub(crate) complete: Vec<Completion>,
}

impl PromptAttrs {
    /// The prompt's name: `name = ".."`, else the function's.
    pub(crate) fn name_or(&self, ident: &syn::Ident) -> String {
        self.name.as_ref().map_or_else(|| unraw(ident), LitStr::value)
    }

    /// Parses one key of `#[prompt(..)]`.
    pub(crate) fn parse_key(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        parse_item_key(self, meta, "prompt", PROMPT_KEYS)
    }
}

crate::attr::derefs_to_item_keys!(PromptAttrs);
