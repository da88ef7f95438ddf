//! The tools of a server: lookup by name, and `tools/list` pages serialized
//! once per protocol revision and cached as bytes.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use serde_json::value::{to_raw_value, RawValue};

use crate::handler::ToolDef;
use crate::protocol::{ErrorObject, ProtocolVersion, Tool, ToolAnnotations};

const REVISIONS: usize = ProtocolVersion::ALL.len();

/// The registered tools.
pub(crate) struct ToolRegistry {
    defs: Vec<ToolDef>,
    by_name: HashMap<String, usize>,
    page_size: usize,
    pages: Vec<[OnceLock<Arc<RawValue>>; REVISIONS]>,
}

impl ToolRegistry {
    /// Builds the registry; fails on a duplicate name.
    pub(crate) fn new(defs: Vec<ToolDef>, page_size: usize) -> Result<Self, String> {
        let mut by_name = HashMap::with_capacity(defs.len());
        for (i, def) in defs.iter().enumerate() {
            if by_name.insert(def.tool.name.clone(), i).is_some() {
                return Err(format!("two tools are named `{}`", def.tool.name));
            }
        }
        let page_size = page_size.max(1);
        let page_count = defs.len().div_ceil(page_size).max(1);
        let pages = (0..page_count).map(|_| Default::default()).collect();
        Ok(ToolRegistry {
            defs,
            by_name,
            page_size,
            pages,
        })
    }

    pub(crate) fn get(&self, name: &str) -> Option<&ToolDef> {
        self.by_name.get(name).map(|&i| &self.defs[i])
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// One page of `tools/list` for a revision, as cached JSON.
    pub(crate) fn page(
        &self,
        cursor: Option<&str>,
        version: ProtocolVersion,
    ) -> Result<Arc<RawValue>, ErrorObject> {
        let index = match cursor {
            None => 0,
            Some(c) => self
                .decode_cursor(c)
                .ok_or_else(|| ErrorObject::invalid_params("invalid cursor"))?,
        };
        let slot = &self.pages[index][revision_index(version)];
        if let Some(cached) = slot.get() {
            return Ok(cached.clone());
        }
        let built = self.build_page(index, version)?;
        Ok(slot.get_or_init(|| built).clone())
    }

    fn build_page(
        &self,
        index: usize,
        version: ProtocolVersion,
    ) -> Result<Arc<RawValue>, ErrorObject> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Page<'a> {
            tools: Vec<Tool>,
            #[serde(skip_serializing_if = "Option::is_none")]
            next_cursor: Option<&'a str>,
        }
        let start = index * self.page_size;
        let end = (start + self.page_size).min(self.defs.len());
        let tools = self.defs[start..end]
            .iter()
            .map(|d| tool_for(d.tool(), version))
            .collect();
        let next = (end < self.defs.len()).then(|| encode_cursor(index + 1));
        let raw = to_raw_value(&Page {
            tools,
            next_cursor: next.as_deref(),
        })
        .map_err(ErrorObject::internal)?;
        Ok(Arc::from(raw))
    }

    fn decode_cursor(&self, cursor: &str) -> Option<usize> {
        let page = usize::from_str_radix(cursor.strip_prefix("tp")?, 16).ok()?;
        (page < self.pages.len()).then_some(page)
    }
}

fn encode_cursor(page: usize) -> String {
    format!("tp{page:x}")
}

fn revision_index(version: ProtocolVersion) -> usize {
    ProtocolVersion::ALL
        .iter()
        .position(|v| *v == version)
        .unwrap_or(REVISIONS - 1)
}

/// The tool as a client of `version` knows it: newer fields are left out.
fn tool_for(tool: &Tool, version: ProtocolVersion) -> Tool {
    let mut tool = tool.clone();
    if !version.has_structured_output() {
        tool.output_schema = None;
        tool.title = None;
    }
    if version < ProtocolVersion::V2025_03_26 {
        tool.annotations = ToolAnnotations::default();
    }
    tool
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handler::{OutputMode, OutputSpec};
    use crate::protocol::CallToolResult;
    use serde_json::json;

    fn def(name: &str) -> ToolDef {
        let output = OutputSpec {
            mode: OutputMode::Structured,
            schema: Some(json!({"type": "object"})),
        };
        ToolDef::new(name, "d", json!({"type": "object"}), output, |_| {
            Box::pin(std::future::ready(CallToolResult::default()))
        })
    }

    fn page(reg: &ToolRegistry, cursor: Option<&str>, v: ProtocolVersion) -> serde_json::Value {
        serde_json::from_str(reg.page(cursor, v).expect("page").get()).expect("json")
    }

    #[test]
    fn paginates_with_opaque_cursors() {
        let reg = ToolRegistry::new(vec![def("a"), def("b"), def("c")], 2).expect("unique");
        let first = page(&reg, None, ProtocolVersion::V2025_11_25);
        assert_eq!(first["tools"].as_array().map(Vec::len), Some(2));
        let cursor = first["nextCursor"].as_str().expect("cursor").to_owned();
        let second = page(&reg, Some(&cursor), ProtocolVersion::V2025_11_25);
        assert_eq!(second["tools"][0]["name"], "c");
        assert!(second.get("nextCursor").is_none());
        assert!(reg
            .page(Some("bogus"), ProtocolVersion::V2025_11_25)
            .is_err());
    }

    #[test]
    fn older_revisions_do_not_see_output_schema() {
        let reg = ToolRegistry::new(vec![def("a")], 10).expect("unique");
        assert!(page(&reg, None, ProtocolVersion::V2025_03_26)["tools"][0]
            .get("outputSchema")
            .is_none());
        assert!(page(&reg, None, ProtocolVersion::V2025_06_18)["tools"][0]
            .get("outputSchema")
            .is_some());
    }

    #[test]
    fn duplicate_names_are_refused() {
        assert!(ToolRegistry::new(vec![def("a"), def("a")], 10).is_err());
    }
}
