//! The hostile review's findings, each as an attacker would try it against
//! a real server process: what it costs the server, and that the server
//! goes on serving.

use mcp_tests::{example, HttpServer, StdioServer};
use serde_json::{json, Value};

const JSON_AND_SSE: (&str, &str) = ("Accept", "application/json, text/event-stream");
const CONTENT_JSON: (&str, &str) = ("Content-Type", "application/json");

fn quickstart() -> StdioServer {
    let mut server = StdioServer::spawn(&example("quickstart"), &[]);
    server.initialize("2025-11-25");
    server
}

fn read(uri: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": 7, "method": "resources/read", "params": {"uri": uri}})
}

/// The error of an answer, as (code, message).
fn error_of(reply: &Value) -> (i64, String) {
    let error = &reply["error"];
    let code = error["code"].as_i64().unwrap_or_else(|| panic!("not an error: {reply}"));
    (code, error["message"].as_str().unwrap_or_default().to_owned())
}

/// A Streamable HTTP session on `server`; its id.
fn open_session(server: &HttpServer, capabilities: &Value) -> String {
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": capabilities, "clientInfo": {"name": "t", "version": "0"}}});
    let r = server.request("POST", "/mcp", &[JSON_AND_SSE, CONTENT_JSON], init.to_string().as_bytes());
    assert_eq!(r.status, 200, "{r:?}");
    r.header("mcp-session-id").expect("a session id").to_owned()
}

fn post(server: &HttpServer, session: &str, body: &Value) -> mcp_tests::HttpResponse {
    let headers = [JSON_AND_SSE, CONTENT_JSON, ("Mcp-Session-Id", session), ("MCP-Protocol-Version", "2025-11-25")];
    server.request("POST", "/mcp", &headers, body.to_string().as_bytes())
}

mod templates {
    use super::*;

    #[test]
    fn a_megabyte_uri_is_refused_before_it_is_matched() {
        // Matching tried every prefix of the URI and decoded each: a 1 MB
        // URI against `weather://{city}/current` took hours of CPU.
        let mut server = quickstart();
        let uri = format!("weather://{}/current", "%41".repeat(350_000));
        server.send(&read(&uri));
        let (code, message) = error_of(&server.recv());
        assert_eq!(code, -32602);
        assert!(message.contains("longer than the 4096-byte limit"), "{message}");
        server.send(&json!({"jsonrpc": "2.0", "id": 8, "method": "resources/subscribe", "params": {"uri": uri}}));
        assert_eq!(error_of(&server.recv()).0, -32602);
        assert_eq!(server.request("ping", json!({}))["result"], json!({}));
    }

    #[test]
    fn a_single_segment_variable_never_binds_a_decoded_separator() {
        let mut server = quickstart();
        for city in ["%2Fetc%2Fpasswd", "a%2Fb", "a%5Cb", "a%00b", ".."] {
            server.send(&read(&format!("weather://{city}/current")));
            let (code, message) = error_of(&server.recv());
            assert_eq!(code, -32602, "{city}: {message}");
            assert!(message.contains("`city`"), "{city}: {message}");
        }
        let paris = server.request("resources/read", json!({"uri": "weather://Paris/current"}));
        assert!(paris["result"]["contents"][0]["text"].as_str().is_some_and(|t| t.contains("Paris")), "{paris}");
    }

    #[test]
    fn over_http_the_same_uris_are_refused_and_the_server_goes_on() {
        let server = HttpServer::start("quickstart", "http");
        let session = open_session(&server, &json!({}));
        let long = format!("weather://{}/current", "a".repeat(40_000));
        for uri in [long.as_str(), "weather://%2Fetc%2Fpasswd/current"] {
            let reply = post(&server, &session, &read(uri));
            assert_eq!(reply.status, 200, "{reply:?}");
            assert_eq!(error_of(&reply.json()).0, -32602);
        }
        let ping = post(&server, &session, &json!({"jsonrpc": "2.0", "id": 9, "method": "ping"}));
        assert_eq!(ping.json()["result"], json!({}));
    }
}
