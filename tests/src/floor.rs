//! What the benchmark floors answer: `initialize`, and `tools/call` for
//! `add_numbers`, built as a `serde_json::Value` with nothing else done.

use serde_json::{json, Value};

/// The JSON-RPC answer to `request` (a parsed request, or `Null`).
pub fn answer(request: &Value) -> Value {
    let result = match request["method"].as_str() {
        Some("initialize") => {
            json!({"protocolVersion": "2025-11-25", "capabilities": {"tools": {}}, "serverInfo": {"name": "floor", "version": "0"}})
        }
        _ => {
            let args = &request["params"]["arguments"];
            let sum = args["a"].as_i64().unwrap_or(0) + args["b"].as_i64().unwrap_or(0);
            json!({"content": [{"type": "text", "text": sum.to_string()}], "structuredContent": {"result": sum}})
        }
    };
    json!({"jsonrpc": "2.0", "id": request["id"], "result": result})
}
