//! The keys of `#[prompt(..)]`: only the shared ones, `complete(..)`
//! included.

use crate::attr::KeyParser;
use crate::item::keys::{derefs_to_item_keys, ItemKeys, KeyTable};

/// The arguments of `#[prompt(..)]`.
#[derive(Default)]
pub(crate) struct PromptAttrs {
    /// The keys every item attribute takes.
    item: ItemKeys,
}

impl KeyTable for PromptAttrs {
    const ATTR: &'static str = "prompt";
    const COMPLETES: bool = true;
    const OWN_KEYS: &'static [(&'static str, KeyParser<Self>)] = &[];
}

derefs_to_item_keys!(PromptAttrs);
