//! 2026-07-28's multi-round-trip requests: a result of type
//! `input_required` lists what the server needs (elicitation, sampling,
//! roots); the client answers each with its handlers and sends the request
//! again with `inputResponses` and the server's `requestState`.

use serde_json::{json, Map, Value};

use super::server_link::ServerLink;
use super::Error;

/// How many rounds one request may take before the client gives up.
pub(crate) const MAX_ROUNDS: usize = 10;

/// Whether a raw result asks for input (cheap check before parsing).
pub(crate) fn may_ask_for_input(raw: &str) -> bool {
    raw.contains("\"input_required\"")
}

/// If `result` is `input_required`, the params for the next round.
pub(crate) async fn next_round(conn: &ServerLink, params: &Value, result: &Value) -> Result<Option<Value>, Error> {
    if result.get("resultType").and_then(Value::as_str) != Some("input_required") {
        return Ok(None);
    }
    let responses = match result["inputRequests"].as_object() {
        Some(requests) => answer_all(conn, requests).await?,
        None => Map::new(),
    };
    let mut next = if params.is_object() { params.clone() } else { json!({}) };
    next["inputResponses"] = Value::Object(responses);
    match result.get("requestState") {
        Some(state) => next["requestState"] = state.clone(),
        None => {
            if let Some(object) = next.as_object_mut() {
                object.remove("requestState");
            }
        }
    }
    Ok(Some(next))
}

/// Answers each of `requests` (by key) with the client's handlers.
pub(crate) async fn answer_all(conn: &ServerLink, requests: &Map<String, Value>) -> Result<Map<String, Value>, Error> {
    let mut responses = Map::new();
    for (key, request) in requests {
        responses.insert(key.clone(), answer(conn, request).await?);
    }
    Ok(responses)
}

/// Answers one input request with the client's handler for its method.
async fn answer(conn: &ServerLink, request: &Value) -> Result<Value, Error> {
    let method = request["method"].as_str().unwrap_or_default();
    let params = request.get("params").cloned().unwrap_or(Value::Null);
    let Some(handler) = conn.handler(method) else {
        let detail = format!("the server asked for `{method}`, which this client has no handler for");
        return Err(Error::Protocol { server: conn.server.clone(), detail });
    };
    handler(params).await.map_err(|error| Error::Rpc { server: conn.server.clone(), error })
}
