//! Clients against a protected server, end to end on real sockets: our own
//! client's OAuth flow (discovery, registration, PKCE, step-up), the
//! official Python SDK's OAuth provider in both eras, a WebSocket with a
//! bearer token, and the introspection verifier.

use std::time::Duration;

use mcp_runtime::authorization::Authorization;
use mcp_runtime::authorization::Introspection;
use mcp_runtime::client::oauth::{FollowRedirects, OAuth};
use mcp_runtime::client::{Client, ClientOptions};
use mcp_runtime::prelude::*;
use mcp_runtime::transport::http::HttpOptions;
use mcp_tests::authorization_server::AuthorizationServer;
use mcp_tests::{example, python_with_sdk, run_python, HttpServer};
use serde_json::json;

fn guarded(auth: &AuthorizationServer, extra: &[&str]) -> HttpServer {
    let mut args = vec!["--transport", "http", "--port", "0", "--auth-issuer", auth.issuer()];
    args.extend_from_slice(extra);
    HttpServer::start_with(&example("guarded"), &args)
}

fn text(result: &mcp_runtime::protocol::CallToolResult) -> String {
    match result.content.first() {
        Some(mcp_runtime::protocol::Content::Text(text)) => text.text.clone(),
        other => panic!("a text result, not {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn our_client_logs_in_then_steps_up_for_a_scope_a_tool_needs() {
    let auth = AuthorizationServer::start();
    auth.log_in_as("ada");
    let server = guarded(&auth, &["--auth-scope", "mcp"]);
    let oauth = OAuth::new(FollowRedirects::new("http://127.0.0.1:9/callback")).client_name("our client");
    let options = ClientOptions::named("oauth e2e").oauth(oauth.clone());
    let client = Client::streamable_http(&server.url(), options).await.expect("logged in and connected");
    let who = client.call_tool("whoami", json!({})).await.expect("whoami");
    assert!(text(&who).starts_with("ada via client-"), "{}", text(&who));
    assert!(text(&who).ends_with("with scopes [mcp]"), "the scope the challenge named: {}", text(&who));
    let added = client.call_tool("add_note", json!({"text": "stepped up"})).await.expect("a step-up, then the call");
    assert_eq!(added.structured_content, Some(json!({"result": 1})));
    let scopes = auth.authorized_scopes();
    assert_eq!(scopes.first().map(String::as_str), Some("mcp"), "{scopes:?}");
    assert!(scopes.last().is_some_and(|s| s.contains("notes:write") && s.contains("mcp")), "{scopes:?}");
    let resources = auth.token_resources();
    assert!(resources.iter().all(|r| r.as_deref() == Some(server.url().as_str())), "RFC 8707: {resources:?}");
    client.close().await;
}

#[test]
fn the_python_sdk_logs_in_with_its_oauth_provider_in_both_eras() {
    let Some(python) = python_with_sdk() else { return };
    let auth = AuthorizationServer::start();
    auth.log_in_as("grace");
    let server = guarded(&auth, &[]);
    let out = run_python(&python, "oauth_client.py", &[&server.url()], &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    for (line, mode) in lines.iter().zip(["legacy", "auto"]) {
        assert!(line.starts_with(&format!("{mode}: grace via client-")), "{out}");
        assert!(line.ends_with("with scopes [notes:read notes:write]"), "{out}");
    }
    let resources = auth.token_resources();
    assert!(resources.iter().all(|r| r.as_deref() == Some(server.url().as_str())), "RFC 8707: {resources:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn our_client_logs_in_over_a_websocket_when_the_upgrade_is_refused() {
    let auth = AuthorizationServer::start();
    auth.log_in_as("ada");
    let server = guarded(&auth, &["--auth-scope", "mcp"]);
    let url = format!("ws://127.0.0.1:{}/mcp", server.port);
    let oauth = OAuth::new(FollowRedirects::new("http://127.0.0.1:9/callback")).client_name("ws client");
    let client = Client::websocket(&url, ClientOptions::named("ws oauth").oauth(oauth)).await.expect("logged in");
    let who = client.call_tool("whoami", json!({})).await.expect("whoami");
    assert!(text(&who).starts_with("ada via client-"), "{}", text(&who));
    assert!(text(&who).ends_with("with scopes [mcp]"), "the scope the 401 named: {}", text(&who));
    let resources = auth.token_resources();
    assert!(resources.iter().all(|r| r.as_deref() == Some(server.url().as_str())), "RFC 8707: {resources:?}");
    client.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_carries_a_bearer_token_and_closes_when_it_expires() {
    let auth = AuthorizationServer::start();
    let server = guarded(&auth, &[]);
    let url = format!("ws://127.0.0.1:{}/mcp", server.port);
    let refused = Client::websocket(&url, ClientOptions::named("no token")).await;
    let error = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("401"), "an upgrade without a token is refused: {error}");
    let token = auth.token("ada", &server.url()).scope("notes:read").lifetime(3).sign();
    let options = ClientOptions::named("ws").header("Authorization", format!("Bearer {token}"));
    let client = Client::websocket(&url, options).await.expect("upgraded with a token");
    let who = client.call_tool("whoami", json!({})).await.expect("whoami");
    assert_eq!(text(&who), "ada via test-client, with scopes [notes:read]");
    let denied = client.call_tool("add_note", json!({"text": "x"})).await;
    let denied = denied.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(denied.contains("insufficient scope") && denied.contains("notes:write"), "{denied}");
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after = client.call_tool("whoami", json!({})).await;
    assert!(after.is_err(), "the socket closes when the token expires");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_request_cannot_hide_what_it_reaches_from_the_scope_check() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::Message;
    let auth = AuthorizationServer::start();
    let server = guarded(&auth, &[]);
    let token = auth.token("mallory", &server.url()).sign();
    let mut request = format!("ws://127.0.0.1:{}/mcp", server.port).into_client_request().expect("a request");
    request.headers_mut().insert("sec-websocket-protocol", "mcp".parse().expect("a header"));
    request.headers_mut().insert("authorization", format!("Bearer {token}").parse().expect("a header"));
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", server.port)).await.expect("connect");
    let (mut socket, _) = tokio_tungstenite::client_async(request, stream).await.expect("upgraded");
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}});
    socket.send(Message::text(init.to_string())).await.expect("send");
    socket.next().await.expect("an answer").expect("an answer");
    let attempts = [
        json!({"name": "add_note", "uri": 0, "arguments": {"text": "sneaked"}}),
        json!({"name": "list_notes", "uri": {"x": 1}, "arguments": {}}),
    ];
    for (id, params) in (2..).zip(attempts) {
        let call = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params});
        socket.send(Message::text(call.to_string())).await.expect("send");
        let answer = socket.next().await.expect("an answer").expect("an answer");
        let answer: serde_json::Value = serde_json::from_str(answer.to_text().expect("text")).expect("json");
        assert_eq!(answer["error"]["data"]["error"], "insufficient_scope", "{answer}");
    }
    let read = json!({"jsonrpc": "2.0", "id": 9, "method": "resources/subscribe", "params": {"uri": "board://notes"}});
    socket.send(Message::text(read.to_string())).await.expect("send");
    let answer = socket.next().await.expect("an answer").expect("an answer");
    assert!(answer.to_text().expect("text").contains("insufficient_scope"), "{answer}");
}

/// Whoever calls.
#[tool]
fn caller(identity: Identity) -> String {
    identity.subject().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn introspection_verifies_and_caches() {
    let auth = AuthorizationServer::start();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://127.0.0.1:{}/mcp", listener.local_addr().expect("addr").port());
    let authorization = Authorization::new(Introspection::from_issuer(auth.issuer()).client_as_subject())
        .authorization_server(auth.issuer())
        .audience(url.clone());
    let server = Server::new("introspected").tools(tools![caller]);
    tokio::spawn(server.serve_http_on(listener, HttpOptions::default().authorization(authorization)));
    let token = auth.token("linus", &url).sign();
    let options = ClientOptions::named("introspection").header("Authorization", format!("Bearer {token}"));
    let client = Client::streamable_http(&url, options).await.expect("connected");
    for _ in 0..3 {
        assert_eq!(text(&client.call_tool("caller", json!({})).await.expect("call")), "linus");
    }
    assert_eq!(auth.introspections(), 1, "one introspection, then the cache");
    let forged = auth.token("mallory", &url).key(mcp_tests::authorization_server::KeyChoice::Forger).sign();
    let options = ClientOptions::named("forged").header("Authorization", format!("Bearer {forged}"));
    let refused = Client::streamable_http(&url, options).await.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(refused.contains("401"), "{refused}");
    assert_eq!(auth.introspections(), 2, "the forged token was asked about once");
    let again = ClientOptions::named("forged").header("Authorization", format!("Bearer {forged}"));
    let refused = Client::streamable_http(&url, again).await.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(refused.contains("401"), "{refused}");
    assert_eq!(auth.introspections(), 2, "its refusal is remembered");
    // A client-credentials answer without `sub` speaks for its client.
    let robot = auth.token("unused", &url).without("sub").claim("client_id", json!("robot")).sign();
    let options = ClientOptions::named("robot").header("Authorization", format!("Bearer {robot}"));
    let as_robot = Client::streamable_http(&url, options).await.expect("a client without a subject connects");
    assert_eq!(text(&as_robot.call_tool("caller", json!({})).await.expect("call")), "robot");
    as_robot.close().await;
    client.close().await;
}
