//! A listed kind of item (tools, resources, templates, prompts): lookup by
//! key, and list pages serialized once per protocol revision and cached.
//!
//! A catalog is immutable. Registering or removing an item at run time builds
//! a new one and swaps it in (see `Catalogs`), so readers never lock for
//! long and the caches never go stale.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use serde_json::value::{to_raw_value, RawValue};
use serde_json::{Map, Value};

use super::error::BuildError;
use crate::handler::{PromptDef, StaticResourceDef, TemplateDef, ToolDef};
use crate::protocol::{ErrorObject, ProtocolVersion};

const REVISIONS: usize = ProtocolVersion::ALL.len();

/// An item that appears in a paginated list.
pub(crate) trait Listed: Clone + Send + Sync + 'static {
    /// The member of the list result that holds the items, e.g. `"tools"`.
    const LIST_KEY: &'static str;
    /// The prefix of this list's cursors.
    const CURSOR_PREFIX: &'static str;

    /// The key the item is found by (a name or a URI).
    fn key(&self) -> &str;

    /// Where the item is written, for errors that name it (may be empty).
    fn origin(&self) -> &str {
        ""
    }

    /// The item as a client of `version` sees it.
    fn to_wire(&self, version: ProtocolVersion) -> Value;
}

/// The items of one kind.
pub(crate) struct Catalog<T> {
    items: Vec<T>,
    by_key: HashMap<String, usize>,
    page_size: usize,
    pages: Vec<[OnceLock<Arc<RawValue>>; REVISIONS]>,
}

impl<T: Listed> Catalog<T> {
    /// Builds a catalog; fails on a duplicate key.
    pub(crate) fn new(items: Vec<T>, page_size: usize) -> Result<Self, BuildError> {
        let mut by_key = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if let Some(earlier) = by_key.insert(item.key().to_owned(), i) {
                return Err(BuildError::duplicate(T::LIST_KEY, item.key(), items[earlier].origin(), item.origin()));
            }
        }
        let page_size = page_size.max(1);
        let page_count = items.len().div_ceil(page_size).max(1);
        let pages = (0..page_count).map(|_| Default::default()).collect();
        Ok(Catalog { items, by_key, page_size, pages })
    }

    pub(crate) fn get(&self, key: &str) -> Option<&T> {
        self.by_key.get(key).map(|&i| &self.items[i])
    }

    pub(crate) fn items(&self) -> &[T] {
        &self.items
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// A copy with `item` added (or replacing the one with the same key).
    pub(crate) fn with(&self, item: T) -> Self {
        let mut items = self.items.clone();
        match self.by_key.get(item.key()) {
            Some(&i) => items[i] = item,
            None => items.push(item),
        }
        Self::new(items, self.page_size).unwrap_or_else(|_| unreachable!("keys stay unique"))
    }

    /// A copy without the item with this key; `None` when there was none.
    pub(crate) fn without(&self, key: &str) -> Option<Self> {
        let index = *self.by_key.get(key)?;
        let mut items = self.items.clone();
        items.remove(index);
        Some(Self::new(items, self.page_size).unwrap_or_else(|_| unreachable!("keys stay unique")))
    }

    /// One page of the list for a revision, as cached JSON.
    pub(crate) fn page(&self, cursor: Option<&str>, version: ProtocolVersion) -> Result<Arc<RawValue>, ErrorObject> {
        let index = match cursor {
            None => 0,
            Some(c) => self.decode_cursor(c).ok_or_else(|| ErrorObject::invalid_params("invalid cursor"))?,
        };
        let slot = &self.pages[index][revision_index(version)];
        if let Some(cached) = slot.get() {
            return Ok(cached.clone());
        }
        let built = self.build_page(index, version)?;
        Ok(slot.get_or_init(|| built).clone())
    }

    fn build_page(&self, index: usize, version: ProtocolVersion) -> Result<Arc<RawValue>, ErrorObject> {
        let start = index * self.page_size;
        let end = (start + self.page_size).min(self.items.len());
        let items: Vec<Value> = self.items[start..end].iter().map(|i| i.to_wire(version)).collect();
        let mut page = Map::new();
        page.insert(T::LIST_KEY.into(), Value::Array(items));
        if end < self.items.len() {
            page.insert("nextCursor".into(), Value::String(format!("{}{:x}", T::CURSOR_PREFIX, index + 1)));
        }
        let raw = to_raw_value(&page).map_err(ErrorObject::internal)?;
        Ok(Arc::from(raw))
    }

    fn decode_cursor(&self, cursor: &str) -> Option<usize> {
        let page = usize::from_str_radix(cursor.strip_prefix(T::CURSOR_PREFIX)?, 16).ok()?;
        (page < self.pages.len()).then_some(page)
    }
}

fn revision_index(version: ProtocolVersion) -> usize {
    ProtocolVersion::ALL.iter().position(|v| *v == version).unwrap_or(REVISIONS - 1)
}

/// Serializes a listed item, dropping the members a revision does not know.
pub(crate) fn wire_value<S: Serialize>(item: &S, version: ProtocolVersion) -> Value {
    let mut value = serde_json::to_value(item).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        if version < ProtocolVersion::V2025_06_18 {
            map.remove("title");
            map.remove("outputSchema");
        }
        if version < ProtocolVersion::V2025_11_25 {
            map.remove("icons");
        }
        if version < ProtocolVersion::V2025_03_26 {
            map.remove("annotations");
        }
    }
    value
}

impl Listed for PromptDef {
    fn origin(&self) -> &str {
        &self.origin
    }

    const LIST_KEY: &'static str = "prompts";
    const CURSOR_PREFIX: &'static str = "p";

    fn key(&self) -> &str {
        &self.prompt.name
    }

    fn to_wire(&self, version: ProtocolVersion) -> Value {
        wire_value(&self.prompt, version)
    }
}

impl Listed for ToolDef {
    fn origin(&self) -> &str {
        &self.origin
    }

    const LIST_KEY: &'static str = "tools";
    const CURSOR_PREFIX: &'static str = "t";

    fn key(&self) -> &str {
        &self.tool.name
    }

    fn to_wire(&self, version: ProtocolVersion) -> Value {
        wire_value(&self.tool, version)
    }
}

impl Listed for StaticResourceDef {
    fn origin(&self) -> &str {
        &self.origin
    }

    const LIST_KEY: &'static str = "resources";
    const CURSOR_PREFIX: &'static str = "r";

    fn key(&self) -> &str {
        &self.resource.uri
    }

    fn to_wire(&self, version: ProtocolVersion) -> Value {
        wire_value(&self.resource, version)
    }
}

impl Listed for TemplateDef {
    fn origin(&self) -> &str {
        &self.origin
    }

    const LIST_KEY: &'static str = "resourceTemplates";
    const CURSOR_PREFIX: &'static str = "rt";

    fn key(&self) -> &str {
        &self.template.uri_template
    }

    fn to_wire(&self, version: ProtocolVersion) -> Value {
        wire_value(&self.template, version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Clone, Serialize)]
    struct Item {
        name: String,
        title: Option<String>,
    }

    impl Listed for Item {
        const LIST_KEY: &'static str = "items";
        const CURSOR_PREFIX: &'static str = "i";
        fn key(&self) -> &str {
            &self.name
        }
        fn to_wire(&self, version: ProtocolVersion) -> Value {
            wire_value(self, version)
        }
    }

    fn item(name: &str) -> Item {
        Item { name: name.into(), title: Some("T".into()) }
    }

    fn page(c: &Catalog<Item>, cursor: Option<&str>, v: ProtocolVersion) -> Value {
        serde_json::from_str(c.page(cursor, v).expect("page").get()).expect("json")
    }

    #[test]
    fn paginates_with_opaque_cursors() {
        let c = Catalog::new(vec![item("a"), item("b"), item("c")], 2).expect("unique");
        let first = page(&c, None, ProtocolVersion::V2025_11_25);
        assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
        let cursor = first["nextCursor"].as_str().expect("cursor").to_owned();
        let second = page(&c, Some(&cursor), ProtocolVersion::V2025_11_25);
        assert_eq!(second["items"][0]["name"], "c");
        assert!(second.get("nextCursor").is_none());
        assert!(c.page(Some("bogus"), ProtocolVersion::V2025_11_25).is_err());
    }

    #[test]
    fn older_revisions_lose_newer_members() {
        let c = Catalog::new(vec![item("a")], 10).expect("unique");
        assert_eq!(page(&c, None, ProtocolVersion::V2025_03_26)["items"][0], json!({"name": "a"}));
        assert_eq!(page(&c, None, ProtocolVersion::V2025_06_18)["items"][0]["title"], "T");
    }

    #[test]
    fn duplicates_are_refused_and_copies_update() {
        assert!(Catalog::new(vec![item("a"), item("a")], 10).is_err());
        let c = Catalog::new(vec![item("a")], 10).expect("unique");
        let added = c.with(item("b"));
        assert_eq!(added.items().len(), 2);
        let replaced = added.with(item("b"));
        assert_eq!(replaced.items().len(), 2);
        assert_eq!(replaced.without("a").map(|c| c.items().len()), Some(1));
        assert!(c.without("zzz").is_none());
    }
}
