//! Elicitation, sampling and roots: the same tool code in the session era
//! (server-to-client requests) and under 2026-07-28 (`input_required`).

use mcp_runtime::prelude::*;
use mcp_runtime::transport::memory::{self, RawClient};
use serde_json::{json, Value};

#[derive(Debug, Deserialize, JsonSchema)]
struct Coffee {
    /// Your name, for the cup.
    name: String,
    /// How many shots.
    shots: u8,
}

/// Takes a coffee order.
#[tool]
async fn order(ctx: Context) -> Result<String, ToolError> {
    Ok(match ctx.elicit::<Coffee>("What would you like?").await? {
        Elicitation::Accept(c) => format!("{} x{}", c.name, c.shots),
        Elicitation::Decline => "declined".into(),
        Elicitation::Cancel => "cancelled".into(),
    })
}

/// Asks the user, then the model.
#[tool]
async fn plan(ctx: Context) -> Result<String, ToolError> {
    let Elicitation::Accept(coffee) = ctx.elicit::<Coffee>("Order?").await? else { return Ok("no order".into()) };
    let reply = ctx.sample(SamplingRequest::new(50).user(format!("A poem about {}", coffee.name))).await?;
    Ok(format!("{} / {}", coffee.name, reply.text().unwrap_or("")))
}

/// Lists the client's roots.
#[tool]
async fn list_roots(ctx: Context) -> Result<String, ToolError> {
    let roots = ctx.roots().await?;
    Ok(roots.iter().map(|r| r.uri.as_str()).collect::<Vec<_>>().join(","))
}

fn server() -> Server {
    Server::new("features").tools(tools![order, plan, list_roots])
}

async fn session_client(capabilities: Value) -> RawClient {
    let (transport, mut client) = memory::channel();
    tokio::spawn(server().serve(transport));
    let params = json!({"protocolVersion": "2025-11-25", "capabilities": capabilities, "clientInfo": {"name": "t", "version": "0"}});
    client.request("initialize", params).await;
    client
}

/// Calls `tool`, answers the one server request with `answer`, returns the result.
async fn call_answering(client: &mut RawClient, tool: &str, expect_method: &str, answer: Value) -> Value {
    client.send(&json!({"jsonrpc": "2.0", "id": "call", "method": "tools/call", "params": {"name": tool}})).await;
    let request = client.recv().await.expect("server request");
    assert_eq!(request["method"], expect_method, "{request}");
    client.send(&json!({"jsonrpc": "2.0", "id": request["id"], "result": answer})).await;
    client.recv().await.expect("result")["result"].clone()
}

#[tokio::test]
async fn session_elicitation_accept_decline_cancel() {
    let mut client = session_client(json!({"elicitation": {}})).await;
    let accept = json!({"action": "accept", "content": {"name": "Ada", "shots": 2}});
    let r = call_answering(&mut client, "order", "elicitation/create", accept).await;
    assert_eq!(r["content"][0]["text"], "Ada x2");
    let r = call_answering(&mut client, "order", "elicitation/create", json!({"action": "decline"})).await;
    assert_eq!(r["content"][0]["text"], "declined");
    let r = call_answering(&mut client, "order", "elicitation/create", json!({"action": "cancel"})).await;
    assert_eq!(r["content"][0]["text"], "cancelled");
}

#[tokio::test]
async fn session_elicitation_sends_a_flat_form() {
    let mut client = session_client(json!({"elicitation": {}})).await;
    client.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "order"}})).await;
    let request = client.recv().await.expect("server request");
    assert_eq!(request["params"]["message"], "What would you like?");
    let schema = &request["params"]["requestedSchema"];
    assert_eq!(schema["properties"]["name"], json!({"type": "string", "description": "Your name, for the cup."}));
    assert_eq!(schema["required"], json!(["name", "shots"]));
}

#[tokio::test]
async fn session_sampling_and_roots() {
    let mut client = session_client(json!({"elicitation": {}, "sampling": {}, "roots": {}})).await;
    client.send(&json!({"jsonrpc": "2.0", "id": "p", "method": "tools/call", "params": {"name": "plan"}})).await;
    let elicit = client.recv().await.expect("elicit");
    client.send(&json!({"jsonrpc": "2.0", "id": elicit["id"], "result": {"action": "accept", "content": {"name": "Bo", "shots": 1}}})).await;
    let sample = client.recv().await.expect("sample");
    assert_eq!(sample["method"], "sampling/createMessage");
    assert_eq!(sample["params"]["messages"][0]["content"]["text"], "A poem about Bo");
    assert_eq!(sample["params"]["maxTokens"], 50);
    let answer = json!({"role": "assistant", "content": {"type": "text", "text": "Bo, oh Bo"}, "model": "m", "stopReason": "endTurn"});
    client.send(&json!({"jsonrpc": "2.0", "id": sample["id"], "result": answer})).await;
    assert_eq!(client.recv().await.expect("result")["result"]["content"][0]["text"], "Bo / Bo, oh Bo");

    let roots = json!({"roots": [{"uri": "file:///a"}, {"uri": "file:///b", "name": "B"}]});
    let r = call_answering(&mut client, "list_roots", "roots/list", roots).await;
    assert_eq!(r["content"][0]["text"], "file:///a,file:///b");
}

#[tokio::test]
async fn session_missing_capability_is_a_tool_error() {
    let mut client = session_client(json!({})).await;
    let r = client.request("tools/call", json!({"name": "order"})).await;
    assert_eq!(
        r["result"],
        json!({"content": [{"type": "text", "text": "the client does not support elicitation"}], "isError": true})
    );
}

#[tokio::test]
async fn session_client_error_reaches_the_tool() {
    let mut client = session_client(json!({"roots": {}})).await;
    client.send(&json!({"jsonrpc": "2.0", "id": "r", "method": "tools/call", "params": {"name": "list_roots"}})).await;
    let request = client.recv().await.expect("roots/list");
    client
        .send(&json!({"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32603, "message": "no roots here"}}))
        .await;
    let r = client.recv().await.expect("result");
    assert_eq!(r["result"]["isError"], true);
    assert!(r["result"]["content"][0]["text"].as_str().is_some_and(|t| t.contains("no roots here")), "{r}");
}

fn meta(capabilities: Value) -> Value {
    json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": capabilities})
}

async fn stateless_client() -> RawClient {
    let (transport, client) = memory::channel();
    tokio::spawn(server().serve(transport));
    client
}

async fn stateless_call(client: &mut RawClient, tool: &str, extra: Value) -> Value {
    let mut params = json!({"name": tool, "_meta": meta(json!({"elicitation": {}, "sampling": {}}))});
    for (k, v) in extra.as_object().into_iter().flatten() {
        params[k] = v.clone();
    }
    client.request("tools/call", params).await
}

#[tokio::test]
async fn stateless_elicitation_is_an_input_required_round() {
    let mut client = stateless_client().await;
    let first = stateless_call(&mut client, "order", json!({})).await;
    let result = &first["result"];
    assert_eq!(result["resultType"], "input_required");
    assert_eq!(result["inputRequests"]["elicit_0"]["method"], "elicitation/create");
    assert_eq!(result["inputRequests"]["elicit_0"]["params"]["message"], "What would you like?");
    let state = result["requestState"].clone();
    let answer = json!({"elicit_0": {"action": "accept", "content": {"name": "Cy", "shots": 3}}});
    let second = stateless_call(&mut client, "order", json!({"inputResponses": answer, "requestState": state})).await;
    assert_eq!(second["result"]["resultType"], "complete");
    assert_eq!(second["result"]["content"][0]["text"], "Cy x3");
}

#[tokio::test]
async fn stateless_rounds_accumulate_answers() {
    let mut client = stateless_client().await;
    let r1 = stateless_call(&mut client, "plan", json!({})).await;
    let answer1 = json!({"elicit_0": {"action": "accept", "content": {"name": "Di", "shots": 1}}});
    let r2 = stateless_call(
        &mut client,
        "plan",
        json!({"inputResponses": answer1, "requestState": r1["result"]["requestState"]}),
    )
    .await;
    assert_eq!(r2["result"]["resultType"], "input_required");
    let sample = &r2["result"]["inputRequests"]["sample_1"];
    assert_eq!(sample["method"], "sampling/createMessage");
    assert_eq!(sample["params"]["messages"][0]["content"]["text"], "A poem about Di");
    let answer2 =
        json!({"sample_1": {"role": "assistant", "content": {"type": "text", "text": "Di sings"}, "model": "m"}});
    let r3 = stateless_call(
        &mut client,
        "plan",
        json!({"inputResponses": answer2, "requestState": r2["result"]["requestState"]}),
    )
    .await;
    assert_eq!(r3["result"]["content"][0]["text"], "Di / Di sings");
}

#[tokio::test]
async fn stateless_bad_state_is_refused_and_stray_answers_are_asked_again() {
    let mut client = stateless_client().await;
    let r1 = stateless_call(&mut client, "order", json!({})).await;
    let state = r1["result"]["requestState"].as_str().expect("state").to_owned();
    let answer = json!({"elicit_0": {"action": "decline"}});

    let tampered = format!("{state}x");
    let r = stateless_call(&mut client, "order", json!({"inputResponses": answer, "requestState": tampered})).await;
    assert_eq!(r["error"]["code"], -32602);
    assert!(r["error"]["message"].as_str().is_some_and(|m| m.contains("requestState")), "{r}");

    // An answer to something never asked is dropped, and the question asked again.
    let stray = json!({"elicit_9": {"action": "decline"}});
    let r = stateless_call(&mut client, "order", json!({"inputResponses": stray, "requestState": state})).await;
    assert_eq!(r["result"]["resultType"], "input_required", "{r}");
    assert!(r["result"]["inputRequests"].get("elicit_0").is_some(), "{r}");

    let r = stateless_call(&mut client, "order", json!({"inputResponses": answer, "requestState": state})).await;
    assert!(r["error"]["message"].as_str().is_some_and(|m| m.contains("already used")), "replay: {r}");

    let r = stateless_call(&mut client, "order", json!({"inputResponses": answer})).await;
    assert_eq!(r["result"]["resultType"], "input_required", "answers without a state asked nothing: {r}");

    let fresh = stateless_call(&mut client, "order", json!({})).await;
    let foreign = json!({"inputResponses": {}, "requestState": fresh["result"]["requestState"]});
    let r = stateless_call(&mut client, "plan", foreign).await;
    assert_eq!(
        r["error"],
        json!({"code": -32602, "message": "Invalid params: invalid `requestState`: it belongs to another request"})
    );
}

#[tokio::test]
async fn stateless_missing_capability_is_32021() {
    let mut client = stateless_client().await;
    let r = client.request("tools/call", json!({"name": "list_roots", "_meta": meta(json!({}))})).await;
    assert_eq!(
        r["error"],
        json!({"code": -32021, "message": "Missing required client capability: roots", "data": {"requiredCapabilities": {"roots": {}}}})
    );
}

#[tokio::test]
async fn stateless_decline_cancel_and_roots() {
    let mut client = stateless_client().await;
    for (action, expected) in [("decline", "declined"), ("cancel", "cancelled")] {
        let first = stateless_call(&mut client, "order", json!({})).await;
        let answer = json!({"elicit_0": {"action": action}});
        let done = stateless_call(
            &mut client,
            "order",
            json!({"inputResponses": answer, "requestState": first["result"]["requestState"]}),
        )
        .await;
        assert_eq!(done["result"]["content"][0]["text"], expected);
    }
    let caps = json!({"roots": {}});
    let first = client.request("tools/call", json!({"name": "list_roots", "_meta": meta(caps.clone())})).await;
    assert_eq!(first["result"]["inputRequests"]["roots_0"], json!({"method": "roots/list", "params": {}}));
    let answer = json!({"roots_0": {"roots": [{"uri": "file:///w"}]}});
    let params = json!({"name": "list_roots", "_meta": meta(caps), "inputResponses": answer, "requestState": first["result"]["requestState"]});
    let done = client.request("tools/call", params).await;
    assert_eq!(done["result"]["content"][0]["text"], "file:///w");
}

/// Frames a connection sends, in order.
struct Frames(tokio::sync::mpsc::UnboundedSender<Value>);

impl mcp_runtime::protocol::Outbound for Frames {
    fn send(&self, frame: Vec<u8>) {
        let _ = self.0.send(serde_json::from_slice(&frame).unwrap_or(Value::Null));
    }
}

#[tokio::test]
async fn a_request_state_belongs_to_the_caller_that_started_the_round() {
    use mcp_runtime::handler::{Extensions, Identity};
    use mcp_runtime::transport::{BuiltServer, Connection};
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let connection = Connection::new(&BuiltServer::new(server()).expect("builds"), std::sync::Arc::new(Frames(tx)));
    let caller = |subject: &str| {
        let mut extensions = Extensions::new();
        extensions.insert(Identity::new(subject).with_issuer("https://issuer"));
        extensions
    };
    let call = |id: u32, extra: Value| {
        let mut params = json!({"name": "order", "_meta": meta(json!({"elicitation": {}}))});
        for (k, v) in extra.as_object().into_iter().flatten() {
            params[k] = v.clone();
        }
        json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params}).to_string().into_bytes()
    };
    connection.feed_with(&call(1, json!({})), &caller("ada")).await;
    let first = rx.recv().await.expect("input_required");
    let state = first["result"]["requestState"].clone();
    let answer = json!({"elicit_0": {"action": "accept", "content": {"name": "Cy", "shots": 3}}});
    let retry = json!({"inputResponses": answer, "requestState": state});
    connection.feed_with(&call(2, retry.clone()), &caller("mallory")).await;
    let stolen = rx.recv().await.expect("an answer");
    assert_eq!(stolen["error"]["code"], -32602, "{stolen}");
    assert!(stolen["error"]["message"].as_str().is_some_and(|m| m.contains("another caller")), "{stolen}");
    connection.feed_with(&call(3, retry), &caller("ada")).await;
    let done = rx.recv().await.expect("an answer");
    assert_eq!(done["result"]["content"][0]["text"], "Cy x3", "{done}");
}
