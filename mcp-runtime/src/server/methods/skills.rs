//! `skills/list`, `skills/get` and `resources/directory/read` (the Skills
//! extension): `-32601` on a server that serves no skills.

use super::params::MethodResult;
use crate::server::call::Request;
use crate::server::core::ServerCore;

#[cfg(feature = "skills")]
pub(crate) use served::{get, list, read_directory};

#[cfg(not(feature = "skills"))]
pub(crate) fn list(_: &ServerCore, req: &Request) -> MethodResult {
    Err(crate::protocol::ErrorObject::method_not_found(req.method()))
}

#[cfg(not(feature = "skills"))]
pub(crate) use list as get;
#[cfg(not(feature = "skills"))]
pub(crate) use list as read_directory;

#[cfg(feature = "skills")]
mod served {
    use serde::Deserialize;
    use serde_json::{json, Value};

    use super::{MethodResult, Request, ServerCore};
    use crate::protocol::ErrorObject;
    use crate::server::call::Reply;
    use crate::server::methods::params::read;
    use crate::server::skills::Catalog;

    #[derive(Default, Deserialize)]
    struct Page {
        cursor: Option<String>,
    }

    #[derive(Deserialize)]
    struct Target {
        uri: String,
        cursor: Option<String>,
    }

    fn catalog<'a>(core: &'a ServerCore, req: &Request) -> Result<&'a Catalog, ErrorObject> {
        core.skills.as_deref().ok_or_else(|| ErrorObject::method_not_found(req.method()))
    }

    /// One page of `items`, as `{key: [..], nextCursor?}`.
    fn page(items: Vec<Value>, key: &str, cursor: Option<&str>, size: usize) -> Result<Value, ErrorObject> {
        let start = match cursor {
            None => 0,
            Some(c) => {
                c.strip_prefix('s').and_then(|n| n.parse().ok()).filter(|n| *n <= items.len()).ok_or_else(|| {
                    ErrorObject::invalid_params("invalid cursor: pass back a `nextCursor` exactly as received")
                })?
            }
        };
        let end = (start + size.max(1)).min(items.len());
        let mut result = json!({ key: items[start..end], "resultType": "complete" });
        if end < items.len() {
            result["nextCursor"] = json!(format!("s{end}"));
        }
        Ok(result)
    }

    pub(crate) fn list(core: &ServerCore, req: &Request) -> MethodResult {
        let catalog = catalog(core, req)?;
        let params: Page = match req.params.as_deref() {
            Some(raw) => read(Some(raw))?,
            None => Page::default(),
        };
        let entries = catalog.skills.iter().map(|s| s.entry()).collect();
        page(entries, "skills", params.cursor.as_deref(), core.limits.page_size).map(Reply::Json)
    }

    pub(crate) fn get(core: &ServerCore, req: &Request) -> MethodResult {
        let catalog = catalog(core, req)?;
        let params: Target = read(req.params.as_deref())?;
        let skill = catalog
            .skills
            .iter()
            .find(|s| s.uri == params.uri)
            .ok_or_else(|| ErrorObject::invalid_params(format!("No skill is served at {}", params.uri)))?;
        Ok(Reply::Json(json!({ "skill": skill.entry(), "resultType": "complete" })))
    }

    pub(crate) fn read_directory(core: &ServerCore, req: &Request) -> MethodResult {
        let catalog = catalog(core, req)?;
        let params: Target = read(req.params.as_deref())?;
        let uri = params.uri.trim_end_matches('/');
        let children = catalog
            .directories
            .get(uri)
            .ok_or_else(|| ErrorObject::invalid_params(format!("{} is not a directory resource", params.uri)))?;
        let items = children.iter().map(|r| serde_json::to_value(r).unwrap_or_default()).collect();
        page(items, "resources", params.cursor.as_deref(), core.limits.page_size).map(Reply::Json)
    }
}
