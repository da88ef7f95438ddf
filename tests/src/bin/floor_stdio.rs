//! The benchmark floor: a hand-written, synchronous serde_json loop that
//! answers `initialize` and `tools/call` for `add_numbers` over stdio. It does
//! the least work a correct answer needs, so the framework's overhead is
//! measured against it.

use std::io::{BufRead, Write};

use serde_json::{json, Value};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    let mut line = String::new();
    let mut input = stdin.lock();
    while input.read_line(&mut line).unwrap_or(0) > 0 {
        if let Ok(request) = serde_json::from_str::<Value>(&line) {
            if let Some(reply) = answer(&request) {
                let _ = serde_json::to_writer(&mut out, &reply);
                let _ = out.write_all(b"\n");
                let _ = out.flush();
            }
        }
        line.clear();
    }
}

fn answer(request: &Value) -> Option<Value> {
    let id = request.get("id")?;
    let result = match request["method"].as_str()? {
        "initialize" => json!({
            "protocolVersion": "2025-11-25",
            "capabilities": { "tools": {} },
            "serverInfo": { "name": "floor", "version": "0" }
        }),
        "tools/call" => {
            let args = &request["params"]["arguments"];
            let sum = args["a"].as_i64()? + args["b"].as_i64()?;
            json!({ "content": [{ "type": "text", "text": sum.to_string() }], "structuredContent": { "result": sum } })
        }
        _ => json!({}),
    };
    Some(json!({ "jsonrpc": "2.0", "id": id, "result": result }))
}
