//! What every 2026-07-28 result carries: `resultType`, the server's info in
//! `_meta`, and on cacheable results `ttlMs` and `cacheScope`. The members
//! are serialized once per server and spliced into each serialized result,
//! so that a stateless call costs no JSON tree.

use std::sync::Arc;

use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use super::call::Reply;
use crate::protocol::method::Method;
use crate::protocol::{CacheHint, Implementation};

/// The members, serialized once: `,"resultType":..,"_meta":{..}` and
/// `,"ttlMs":..,"cacheScope":..`.
#[derive(Debug)]
pub(crate) struct StatelessMembers {
    always: String,
    cache: String,
    server_info: Value,
    hint: CacheHint,
}

impl StatelessMembers {
    pub(crate) fn new(info: &Implementation, hint: CacheHint) -> Self {
        let server_info = json!(info);
        let meta = json!({ "io.modelcontextprotocol/serverInfo": server_info });
        let always = format!(",\"resultType\":\"complete\",\"_meta\":{meta}");
        let cache = format!(",\"ttlMs\":{},\"cacheScope\":{}", hint.ttl_ms, json!(hint.scope));
        StatelessMembers { always, cache, server_info, hint }
    }

    /// The reply with the members added. A method's own members (a
    /// resource's cache hint, a listen's `_meta`) win over the server's.
    pub(crate) fn finish(&self, reply: Reply, method: Method) -> Reply {
        let serialized = match reply {
            Reply::Json(value) => return Reply::Json(self.finish_value(value, method)),
            Reply::Tool(result) => serde_json::to_string(&result),
            Reply::Cached(raw) => Ok(raw.get().to_owned()),
        };
        let Ok(object) = serialized else { return Reply::Json(Value::Null) };
        let cache = if method.cacheable() { self.cache.as_str() } else { "" };
        match spliced(object, &self.always, cache) {
            Some(raw) => Reply::Cached(raw),
            None => Reply::Json(Value::Null),
        }
    }

    fn finish_value(&self, value: Value, method: Method) -> Value {
        let mut object = match value {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        object.entry("resultType").or_insert_with(|| json!("complete"));
        let meta = object.entry("_meta").or_insert_with(|| json!({}));
        if let Value::Object(meta) = meta {
            meta.insert("io.modelcontextprotocol/serverInfo".into(), self.server_info.clone());
        }
        if method.cacheable() {
            object.entry("ttlMs").or_insert_with(|| json!(self.hint.ttl_ms));
            object.entry("cacheScope").or_insert_with(|| json!(self.hint.scope));
        }
        Value::Object(object)
    }
}

/// `{..}` with `members` (each starting with a comma) added at the end.
fn spliced(mut object: String, always: &str, cache: &str) -> Option<Arc<RawValue>> {
    if !object.ends_with('}') {
        return None;
    }
    object.pop();
    let empty = object.trim_end() == "{";
    object.push_str(if empty { &always[1..] } else { always });
    object.push_str(cache);
    object.push('}');
    RawValue::from_string(object).ok().map(Arc::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{CacheScope, CallToolResult};

    fn members() -> StatelessMembers {
        let info = Implementation { name: "s".into(), version: "1".into(), title: None };
        StatelessMembers::new(&info, CacheHint { ttl_ms: 5, scope: CacheScope::Public })
    }

    fn value(reply: &Reply) -> Value {
        reply.to_value()
    }

    #[test]
    fn members_are_spliced_into_serialized_results() {
        let m = members();
        let tool = m.finish(Reply::Tool(CallToolResult::error("no")), Method::ToolsCall);
        assert_eq!(
            value(&tool),
            json!({"content": [{"type": "text", "text": "no"}], "isError": true, "resultType": "complete",
                   "_meta": {"io.modelcontextprotocol/serverInfo": {"name": "s", "version": "1"}}})
        );
        let raw: Arc<RawValue> = Arc::from(RawValue::from_string("{}".into()).expect("json"));
        let page = m.finish(Reply::Cached(raw), Method::ToolsList);
        assert_eq!(value(&page)["ttlMs"], 5);
        assert_eq!(value(&page)["cacheScope"], "public");
    }

    #[test]
    fn a_methods_own_members_win() {
        let read = json!({"contents": [], "ttlMs": 1, "cacheScope": "private"});
        let finished = value(&members().finish(Reply::Json(read), Method::ResourcesRead));
        assert_eq!((finished["ttlMs"].clone(), finished["cacheScope"].clone()), (json!(1), json!("private")));
        assert_eq!(finished["resultType"], "complete");
    }
}
