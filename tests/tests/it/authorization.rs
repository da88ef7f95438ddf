//! The resource-server role of MCP authorization, on real sockets: the
//! `guarded` example started with `--auth-issuer` against the in-repo
//! authorization server, which serves metadata and a JWKS and mints tokens.

use mcp_tests::authorization_server::{AuthorizationServer, KeyChoice};
use mcp_tests::{example, HttpResponse, HttpServer};
use serde_json::{json, Value};

const SESSION_ERA: &str = "2025-11-25";
const STATELESS: &str = "2026-07-28";

/// `guarded` behind `auth`, with `extra` flags.
struct Guarded {
    auth: AuthorizationServer,
    server: HttpServer,
}

impl Guarded {
    fn start(extra: &[&str]) -> Self {
        let auth = AuthorizationServer::start();
        let mut args = vec!["--transport", "http", "--port", "0", "--auth-issuer", auth.issuer()];
        args.extend_from_slice(extra);
        let server = HttpServer::start_with(&example("guarded"), &args);
        Guarded { auth, server }
    }

    /// The URL tokens must be issued for.
    fn resource(&self) -> String {
        self.server.url()
    }

    /// A good token for `subject` with `scope`.
    fn token(&self, subject: &str, scope: &str) -> String {
        self.auth.token(subject, &self.resource()).scope(scope).sign()
    }

    fn post(&self, token: Option<&str>, extra: &[(&str, &str)], body: &Value) -> HttpResponse {
        let bearer = token.map(|t| format!("Bearer {t}"));
        let mut headers = vec![("Accept", "application/json, text/event-stream"), ("Content-Type", "application/json")];
        if let Some(bearer) = &bearer {
            headers.push(("Authorization", bearer));
        }
        headers.extend_from_slice(extra);
        self.server.request("POST", "/mcp", &headers, body.to_string().as_bytes())
    }

    fn initialize(&self, token: Option<&str>) -> HttpResponse {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": SESSION_ERA, "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}});
        self.post(token, &[], &body)
    }

    /// Opens a session with `token`; its id.
    fn session(&self, token: &str) -> String {
        let r = self.initialize(Some(token));
        assert_eq!(r.status, 200, "{r:?}");
        r.header("mcp-session-id").expect("a session id").to_owned()
    }

    fn in_session(&self, token: &str, session: &str, body: &Value) -> HttpResponse {
        let headers = [("Mcp-Session-Id", session), ("MCP-Protocol-Version", SESSION_ERA)];
        self.post(Some(token), &headers, body)
    }

    /// A stateless 2026-07-28 `tools/call`.
    fn stateless_call(&self, token: Option<&str>, tool: &str, arguments: Value) -> HttpResponse {
        let body = json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {
            "name": tool, "arguments": arguments, "_meta": {
                "io.modelcontextprotocol/protocolVersion": STATELESS,
                "io.modelcontextprotocol/clientCapabilities": {},
                "io.modelcontextprotocol/clientInfo": {"name": "t", "version": "0"}}}});
        let headers = [("MCP-Protocol-Version", STATELESS), ("Mcp-Method", "tools/call"), ("Mcp-Name", tool)];
        self.post(token, &headers, &body)
    }
}

fn call(tool: &str, arguments: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": tool, "arguments": arguments}})
}

fn text_of(r: &HttpResponse) -> String {
    assert_eq!(r.status, 200, "{r:?}");
    let body = r.json();
    body["result"]["content"][0]["text"].as_str().unwrap_or_else(|| panic!("a text result: {body}")).to_owned()
}

/// The 401 a refused token gets: `invalid_token`, pointing at the metadata.
fn assert_invalid_token(r: &HttpResponse, why: &str) {
    assert_eq!(r.status, 401, "{why}: {r:?}");
    let challenge = r.header("www-authenticate").unwrap_or_default();
    assert!(challenge.starts_with("Bearer "), "{why}: {challenge}");
    assert!(challenge.contains(r#"error="invalid_token""#), "{why}: {challenge}");
    assert!(challenge.contains("resource_metadata="), "{why}: {challenge}");
}

#[test]
fn the_metadata_names_the_resource_its_issuer_and_every_scope() {
    let g = Guarded::start(&[]);
    let r = g.server.request("GET", "/.well-known/oauth-protected-resource/mcp", &[], b"");
    assert_eq!(r.status, 200, "{r:?}");
    let metadata = r.json();
    assert_eq!(metadata["resource"], g.resource());
    assert_eq!(metadata["authorization_servers"], json!([g.auth.issuer()]));
    assert_eq!(metadata["scopes_supported"], json!(["notes:read", "notes:write"]));
    assert_eq!(metadata["bearer_methods_supported"], json!(["header"]));
    g.server.log_containing("authorization: bearer tokens, checked by JWT signatures of");
}

#[test]
fn no_token_gets_401_with_a_challenge_that_points_at_the_metadata() {
    let g = Guarded::start(&[]);
    let r = g.initialize(None);
    assert_eq!(r.status, 401, "{r:?}");
    let challenge = r.header("www-authenticate").expect("a challenge");
    let metadata = format!("http://127.0.0.1:{}/.well-known/oauth-protected-resource/mcp", g.server.port);
    assert_eq!(challenge, format!(r#"Bearer resource_metadata="{metadata}""#));
    assert_eq!(r.json()["error"], "invalid_token");
    let r = g.stateless_call(None, "whoami", json!({}));
    assert_eq!(r.status, 401, "stateless requests are checked the same: {r:?}");
    let r = g.post(Some("not-a-jwt"), &[], &call("whoami", json!({})));
    assert_invalid_token(&r, "garbage");
}

#[test]
fn a_good_token_reaches_the_tool_which_sees_who_calls() {
    let g = Guarded::start(&[]);
    let token = g.token("alice", "notes:read notes:write");
    let session = g.session(&token);
    let who = text_of(&g.in_session(&token, &session, &call("whoami", json!({}))));
    assert_eq!(who, "alice via test-client, with scopes [notes:read notes:write]");
    let added = g.in_session(&token, &session, &call("add_note", json!({"text": "ship it"})));
    assert_eq!(added.json()["result"]["structuredContent"]["result"], 1, "{added:?}");
    let listed = g.in_session(&token, &session, &call("list_notes", json!({})));
    assert_eq!(listed.json()["result"]["structuredContent"]["result"], json!(["alice: ship it"]));
    let stateless = g.stateless_call(Some(&token), "whoami", json!({}));
    assert_eq!(text_of(&stateless), "alice via test-client, with scopes [notes:read notes:write]");
    g.server.log_containing("subject=\"alice\"");
}

#[test]
fn every_accepted_algorithm_verifies() {
    let g = Guarded::start(&[]);
    for key in [KeyChoice::Rsa, KeyChoice::Ec, KeyChoice::Ed] {
        let token = g.auth.token("alice", &g.resource()).key(key).sign();
        assert_eq!(
            text_of(&g.stateless_call(Some(&token), "whoami", json!({}))),
            "alice via test-client, with scopes []"
        );
    }
}

#[test]
fn tokens_for_another_resource_or_issuer_or_time_are_refused() {
    let g = Guarded::start(&[]);
    let other_resource = g.auth.token("alice", "http://127.0.0.1:1/mcp").sign();
    assert_invalid_token(&g.initialize(Some(&other_resource)), "another audience");
    let no_audience = g.auth.token("alice", &g.resource()).without("aud").sign();
    assert_invalid_token(&g.initialize(Some(&no_audience)), "no audience");
    let other_issuer = g.auth.token("alice", &g.resource()).issuer("http://127.0.0.1:2").sign();
    assert_invalid_token(&g.initialize(Some(&other_issuer)), "another issuer");
    let expired = g.auth.token("alice", &g.resource()).expired().sign();
    assert_invalid_token(&g.initialize(Some(&expired)), "expired");
    let early = g.auth.token("alice", &g.resource()).not_yet_valid().sign();
    assert_invalid_token(&g.initialize(Some(&early)), "not valid yet");
    let no_subject = g.auth.token("alice", &g.resource()).without("sub").sign();
    assert_invalid_token(&g.initialize(Some(&no_subject)), "no subject");
    // The caller is told no more than that; the server's log says why.
    let refused = g.initialize(Some(&expired)).json();
    assert_eq!(refused["error_description"], "the token is invalid, expired or not for this server; get a new one");
    g.server.log_containing("a bearer token was refused: ");
    // The server still serves a good token after all that.
    assert_eq!(g.initialize(Some(&g.token("alice", ""))).status, 200);
}

#[test]
fn forged_and_unsigned_tokens_are_refused() {
    let g = Guarded::start(&[]);
    let forged = g.auth.token("mallory", &g.resource()).key(KeyChoice::Forger).sign();
    assert_invalid_token(&g.initialize(Some(&forged)), "forged signature");
    let unsigned = g.auth.token("mallory", &g.resource()).unsigned().sign();
    assert_invalid_token(&g.initialize(Some(&unsigned)), "alg none");
    let proof = g.auth.token("mallory", &g.resource()).typ(Some("dpop+jwt")).sign();
    assert_invalid_token(&g.initialize(Some(&proof)), "typed as a DPoP proof");
    for typ in [Some("JWT"), None, Some("application/at+jwt")] {
        let plain = g.auth.token("alice", &g.resource()).typ(typ).sign();
        assert_eq!(g.initialize(Some(&plain)).status, 200, "typ {typ:?}");
    }
    let mut tampered = g.token("alice", "");
    tampered.insert_str(tampered.rfind('.').expect("a signature") + 1, "AAAA");
    assert_invalid_token(&g.initialize(Some(&tampered)), "tampered signature");
}

#[test]
fn a_rotated_key_is_fetched_on_its_new_kid() {
    let g = Guarded::start(&[]);
    assert_eq!(g.initialize(Some(&g.token("alice", ""))).status, 200);
    let fetches = g.auth.jwks_fetches();
    g.auth.rotate();
    let rotated = g.token("alice", "");
    assert_eq!(g.initialize(Some(&rotated)).status, 200, "the new kid is fetched");
    assert_eq!(g.auth.jwks_fetches(), fetches + 1);
    assert_eq!(g.initialize(Some(&rotated)).status, 200);
    assert_eq!(g.auth.jwks_fetches(), fetches + 1, "and then cached");
    let forged = g.auth.token("mallory", &g.resource()).key(KeyChoice::Forger).sign();
    assert_invalid_token(&g.initialize(Some(&forged)), "the retired kid, after rotation");
}

#[test]
fn a_missing_scope_gets_403_naming_it_then_a_stepped_up_token_works() {
    let g = Guarded::start(&[]);
    let reader = g.token("alice", "notes:read");
    let session = g.session(&reader);
    let r = g.in_session(&reader, &session, &call("add_note", json!({"text": "x"})));
    assert_eq!(r.status, 403, "{r:?}");
    let challenge = r.header("www-authenticate").expect("a challenge");
    assert!(
        challenge.contains(r#"error="insufficient_scope""#) && challenge.contains(r#"scope="notes:write""#),
        "{challenge}"
    );
    let stateless = g.stateless_call(Some(&reader), "add_note", json!({"text": "x"}));
    assert_eq!(stateless.status, 403, "{stateless:?}");
    let nobody = g.token("alice", "");
    for (method, params) in [
        ("resources/read", json!({"uri": "board://notes"})),
        ("resources/subscribe", json!({"uri": "board://notes"})),
        ("prompts/get", json!({"name": "digest"})),
        ("tools/call", json!({"name": "list_notes", "arguments": {}})),
    ] {
        let session = g.session(&nobody);
        let r =
            g.in_session(&nobody, &session, &json!({"jsonrpc": "2.0", "id": 3, "method": method, "params": params}));
        assert_eq!(r.status, 403, "{method}: {r:?}");
        assert!(r.header("www-authenticate").unwrap_or_default().contains(r#"scope="notes:read""#));
    }
    // Lists show everything: a client learns what to step up for.
    let r = g.in_session(&nobody, &session, &json!({"jsonrpc": "2.0", "id": 4, "method": "tools/list"}));
    assert_eq!(r.json()["result"]["tools"].as_array().map(Vec::len), Some(3), "{r:?}");
    let writer = g.token("alice", "notes:read notes:write");
    let r = g.in_session(&writer, &session, &call("add_note", json!({"text": "stepped up"})));
    assert_eq!(r.json()["result"]["structuredContent"]["result"], 1, "the same session, a stronger token: {r:?}");
}

#[test]
fn scopes_every_request_needs_come_from_the_flag() {
    let g = Guarded::start(&["--auth-scope", "mcp"]);
    let r = g.initialize(None);
    assert_eq!(r.status, 401);
    assert!(r.header("www-authenticate").unwrap_or_default().contains(r#"scope="mcp""#), "{r:?}");
    assert_eq!(g.initialize(Some(&g.token("alice", "notes:read"))).status, 403);
    let session = g.session(&g.token("alice", "mcp"));
    let r = g.in_session(&g.token("alice", "mcp"), &session, &call("list_notes", json!({})));
    assert_eq!(r.status, 403);
    assert!(r.header("www-authenticate").unwrap_or_default().contains(r#"scope="mcp notes:read""#), "{r:?}");
}

#[test]
fn a_session_is_bound_to_the_subject_that_opened_it() {
    let g = Guarded::start(&[]);
    let alice = g.token("alice", "notes:read notes:write");
    let session = g.session(&alice);
    let bob = g.token("bob", "notes:read notes:write");
    let r = g.in_session(&bob, &session, &call("add_note", json!({"text": "bob was here"})));
    assert_eq!(r.status, 404, "another subject cannot use the session: {r:?}");
    // The log says so without the id, the session's credential.
    let log = g.server.log_containing("used with another subject's token");
    assert!(log.contains(&format!("{}…", &session[..6])) && !log.contains(&session), "{log}");
    let listed = g.in_session(&alice, &session, &call("list_notes", json!({})));
    assert_eq!(listed.json()["result"]["structuredContent"]["result"], json!([]), "nothing was added");
    let deleted = g.server.request(
        "DELETE",
        "/mcp",
        &[("Mcp-Session-Id", &session), ("Authorization", &format!("Bearer {bob}"))],
        b"",
    );
    assert_eq!(deleted.status, 404, "nor end it");
    assert_eq!(text_of(&g.in_session(&alice, &session, &call("whoami", json!({})))).split(' ').next(), Some("alice"));
    let other_app =
        g.auth.token("alice", &g.resource()).scope("notes:read").claim("client_id", json!("other-app")).sign();
    let r = g.in_session(&other_app, &session, &call("list_notes", json!({})));
    assert_eq!(r.status, 404, "the same user through another client cannot use the session: {r:?}");
}

#[test]
fn an_explicit_audience_replaces_the_own_url() {
    let g = Guarded::start(&["--auth-audience", "https://mcp.example.com/mcp"]);
    assert_invalid_token(&g.initialize(Some(&g.token("alice", ""))), "own URL, not configured");
    let token = g.auth.token("alice", "https://mcp.example.com/mcp").sign();
    assert_eq!(g.initialize(Some(&token)).status, 200);
    let metadata = g.server.request("GET", "/.well-known/oauth-protected-resource/mcp", &[], b"").json();
    assert_eq!(metadata["resource"], "https://mcp.example.com/mcp");
}

#[test]
fn behind_a_proxy_the_metadata_is_also_at_the_public_path() {
    let g = Guarded::start(&["--auth-audience", "https://mcp.example.com/v1/mcp"]);
    let challenge = g.initialize(None).header("www-authenticate").unwrap_or_default().to_owned();
    assert!(challenge.contains("https://mcp.example.com/.well-known/oauth-protected-resource/v1/mcp"), "{challenge}");
    let r = g.server.request("GET", "/.well-known/oauth-protected-resource/v1/mcp", &[], b"");
    assert_eq!(r.json()["resource"], "https://mcp.example.com/v1/mcp", "{r:?}");
}

#[test]
fn a_wildcard_bind_does_not_take_tokens_for_localhost() {
    let auth = AuthorizationServer::start();
    let server = HttpServer::start_with(
        &example("guarded"),
        &[
            "--transport",
            "http",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--allowed-host",
            "mcp.example.test",
            "--auth-issuer",
            auth.issuer(),
        ],
    );
    let g = Guarded { auth, server };
    let port = g.server.port;
    let local = g.auth.token("alice", &format!("http://localhost:{port}/mcp")).sign();
    assert_invalid_token(&g.initialize(Some(&local)), "a token for a developer's local server");
    let public = g.auth.token("alice", &format!("http://mcp.example.test:{port}/mcp")).sign();
    assert_eq!(g.initialize(Some(&public)).status, 200);
}

#[test]
fn a_standing_stream_ends_when_its_token_expires() {
    let g = Guarded::start(&[]);
    let token = g.auth.token("alice", &g.resource()).lifetime(2).sign();
    let session = g.session(&token);
    let request = format!(
        "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nAccept: text/event-stream\r\nMcp-Session-Id: {session}\r\n\
         MCP-Protocol-Version: {SESSION_ERA}\r\nAuthorization: Bearer {token}\r\n\r\n",
        g.server.port
    );
    let (ended, head, took) = read_until_closed(g.server.port, &request);
    assert!(ended.is_ok() && head.starts_with("HTTP/1.1 200"), "the stream ends, not times out: {ended:?} {head}");
    assert!(took < std::time::Duration::from_secs(15), "{took:?}");
}

/// Sends `request` on a new connection and reads until the server closes
/// it, for at most 20 s: how the read ended, what came, and how long it took.
fn read_until_closed(port: u16, request: &str) -> (std::io::Result<usize>, String, std::time::Duration) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).expect("a timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let started = std::time::Instant::now();
    let mut seen = Vec::new();
    let ended = stream.read_to_end(&mut seen);
    (ended, String::from_utf8_lossy(&seen).into_owned(), started.elapsed())
}

#[test]
fn a_stateless_listen_stream_ends_when_its_token_expires() {
    let g = Guarded::start(&[]);
    let token = g.auth.token("alice", &g.resource()).lifetime(2).sign();
    let body = json!({
        "jsonrpc": "2.0", "id": 7, "method": "subscriptions/listen",
        "params": {
            "notifications": {"toolsListChanged": true},
            "_meta": {
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {},
                "io.modelcontextprotocol/clientInfo": {"name": "t", "version": "1"}
            }
        }
    })
    .to_string();
    let request = format!(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\n\
         Mcp-Method: subscriptions/listen\r\nAuthorization: Bearer {token}\r\nContent-Length: {}\r\n\r\n{body}",
        g.server.port,
        body.len()
    );
    let (ended, text, took) = read_until_closed(g.server.port, &request);
    assert!(ended.is_ok() && text.starts_with("HTTP/1.1 200"), "the stream ends, not times out: {ended:?} {text}");
    assert!(text.contains("notifications/subscriptions/acknowledged"), "it was open: {text}");
    assert!(took < std::time::Duration::from_secs(15), "{took:?}");
}

#[test]
fn an_unreachable_issuer_is_503_and_a_wildcard_bind_needs_an_audience() {
    let auth = AuthorizationServer::start();
    let dead = "http://127.0.0.1:9";
    let server =
        HttpServer::start_with(&example("guarded"), &["--transport", "http", "--port", "0", "--auth-issuer", dead]);
    let token = auth.token("alice", &server.url()).sign();
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}).to_string();
    let bearer = format!("Bearer {token}");
    let headers = [
        ("Content-Type", "application/json"),
        ("Accept", "application/json, text/event-stream"),
        ("Authorization", bearer.as_str()),
    ];
    let r = server.request("POST", "/mcp", &headers, body.as_bytes());
    assert_eq!(r.status, 503, "{r:?}");
    // The caller never sees where the keys live nor what fetching them said.
    assert!(!r.body.contains("127.0.0.1:9") && !r.body.contains("connect"), "{r:?}");
    server.log_containing("127.0.0.1:9");
    let out = std::process::Command::new(example("guarded"))
        .args(["--transport", "http", "--host", "0.0.0.0", "--port", "0", "--auth-issuer", auth.issuer()])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--auth-audience"), "{out:?}");
    let out =
        std::process::Command::new(example("guarded")).args(["--auth-issuer", auth.issuer()]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "stdio is not authorized: {out:?}");
}

#[test]
fn one_subjects_flood_of_sessions_evicts_only_its_own() {
    let g = Guarded::start(&[]);
    let alice = g.token("alice", "notes:read");
    let hers = g.session(&alice);
    // Bob's token is valid and his own; 1,010 sessions reach the cap of 1,000.
    let bob = g.token("bob", "notes:read");
    let first_of_bob = g.session(&bob);
    for _ in 0..1_010 {
        g.session(&bob);
    }
    let ping = json!({"jsonrpc": "2.0", "id": 3, "method": "ping"});
    assert_eq!(g.in_session(&alice, &hers, &ping).status, 200, "alice keeps her session");
    assert_eq!(g.in_session(&bob, &first_of_bob, &ping).status, 404, "bob's oldest made room");
}
