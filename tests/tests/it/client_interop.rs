//! Our `Client` and the `client` example against servers nobody here wrote:
//! the official Python SDK's `MCPServer`, and the quickstart example process.

use std::process::Command;

use mcp_runtime::client::{Client, ClientOptions};
use mcp_runtime::protocol::ResourceContents;
use mcp_tests::{example, python_with_sdk, workspace_root};
use serde_json::json;

#[tokio::test]
async fn client_talks_to_the_official_python_sdk_server_over_stdio() {
    let Some(python) = python_with_sdk() else { return };
    let script = workspace_root().join("tests/python/sdk_server.py");
    let python = python.display().to_string();
    let client = Client::stdio(&python, [script], ClientOptions::named("python-sdk")).await.expect("connects");
    assert_eq!(client.server_info().name, "PythonSDKServer");
    let names: Vec<String> = client.list_tools().await.expect("tools").into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["add_numbers", "shout"]);
    let sum: i64 = client.call_tool_as("add_numbers", json!({"a": 5, "b": 3})).await.expect("sum");
    assert_eq!(sum, 8);
    let loud: String = client.call_tool_as("shout", json!({"text": "hi"})).await.expect("shout");
    assert_eq!(loud, "HI");
    let contents = client.read_resource("greeting://hello").await.expect("read");
    assert!(matches!(&contents[0], ResourceContents::Text { text, .. } if text == "Hello from the Python SDK!"));
    let prompt = client.get_prompt("summarize", [("text", "x")]).await.expect("prompt");
    assert_eq!(prompt.messages.len(), 1);
    client.close().await;
}

#[test]
fn the_client_example_ports_the_seed() {
    let out = Command::new(example("client")).arg(example("quickstart")).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(r#"Available tools: ["add_numbers", "get_current_time", "long_task"]"#), "{stdout}");
    assert!(stdout.contains("add_numbers(5, 3) = 8"), "{stdout}");
    assert!(stdout.contains("greeting://hello: Hello from MCP Server!"), "{stdout}");
}

#[tokio::test]
async fn a_server_that_exits_at_start_up_is_a_clear_error() {
    let options = ClientOptions::named("dead").timeout(std::time::Duration::from_secs(10));
    let error =
        Client::stdio("sh", ["-c", "echo 'missing API key' >&2; exit 3"], options).await.err().expect("an error");
    assert_eq!(error.server(), "dead");
    assert!(matches!(error, mcp_runtime::client::Error::Closed { .. }), "{error}");
    assert!(error.to_string().ends_with("its stderr ended with:\nmissing API key"), "{error}");
    let missing = Client::stdio("/no/such/server", Vec::<String>::new(), ClientOptions::named("ghost")).await;
    assert!(matches!(missing, Err(mcp_runtime::client::Error::Spawn { .. })));
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let options = ClientOptions::named("silent").timeout(std::time::Duration::from_millis(300));
    let error = Client::stdio("sh", ["-c", "sleep 30"], options).await.err().expect("an error");
    assert!(
        matches!(&error, mcp_runtime::client::Error::Timeout { method, .. } if method == "initialize"),
        "after the probe, initialize times out: {error}"
    );
}

#[tokio::test]
async fn a_server_that_writes_garbage_is_a_protocol_error() {
    let options = ClientOptions::named("noisy").timeout(std::time::Duration::from_millis(500));
    let script = "echo 'this is not json'; sleep 5";
    let error = Client::stdio("sh", ["-c", script], options).await.err().expect("an error");
    assert!(matches!(error, mcp_runtime::client::Error::Protocol { .. }), "{error}");
    assert!(error.to_string().contains("this is not json"), "{error}");
}

#[tokio::test]
async fn a_hub_connects_what_it_can_and_routes_calls() {
    use mcp_runtime::client::{Hub, Retry, ServersConfig};
    let quickstart = example("quickstart").display().to_string();
    let fetcher = example("website_fetcher").display().to_string();
    let text = format!(
        r#"{{"mcpServers": {{
            "a": {{"command": "{quickstart}"}},
            "b": {{"command": "{quickstart}"}},
            "fetcher": {{"command": "{fetcher}", "args": ["--transport", "stdio"]}},
            "broken": {{"command": "/no/such/server"}}
        }}}}"#
    );
    let config = ServersConfig::parse(&text, std::path::Path::new("servers_config.json"), |_| None).expect("valid");
    let retry = Retry::new(2, std::time::Duration::from_millis(10), 2.0);
    let hub = Hub::connect(&config, |name: &str| ClientOptions::named(name), retry).await;
    let failed: Vec<&str> = hub.failures().iter().map(|e| e.server()).collect();
    assert_eq!(failed, ["broken"], "only the broken server fails: {:?}", hub.failures());
    let names: Vec<&str> = hub.tools().iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"a__add_numbers") && names.contains(&"b__add_numbers"), "{names:?}");
    assert!(names.contains(&"calculate") && names.contains(&"weather"), "unique names stay plain: {names:?}");
    let sum = hub.call_tool("b__add_numbers", json!({"a": 2, "b": 2})).await.expect("routed");
    assert_eq!(sum.structured_content, Some(json!({"result": 4})));
    let weather = hub.call_tool("weather", json!({"city": "Beijing"})).await.expect("routed");
    assert!(!weather.is_error);
    hub.close().await;
}

fn mcp(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(example("mcp")).args(args).output().expect("mcp runs");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_mcp_cli_lists_calls_and_reports_with_exit_codes() {
    let quickstart = example("quickstart").display().to_string();
    let (code, out) = mcp(&["list", "--", &quickstart]);
    assert_eq!(code, Some(0));
    assert!(out.contains("add_numbers  Add two numbers together.") && out.contains("greeting://hello"), "{out}");
    assert_eq!(mcp(&["call", "add_numbers", "a=2", "b=3", "--", &quickstart]), (Some(0), "5\n".into()));
    let (code, out) = mcp(&["--json", "call", "add_numbers", "--json", r#"{"a": 1, "b": 1}"#, "--", &quickstart]);
    assert_eq!(code, Some(0));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).expect("json")["structuredContent"],
        json!({"result": 2})
    );
    assert_eq!(mcp(&["call", "add_numbers", "a=x", "--", &quickstart]).0, Some(1), "a tool error");
    assert_eq!(mcp(&["call", "add_numbers", "--", "/no/such/server"]).0, Some(3), "a connection error");
    assert_eq!(mcp(&["frobnicate"]).0, Some(2), "bad usage");
}

#[test]
fn the_mcp_cli_talks_to_the_python_sdk_server() {
    let Some(python) = python_with_sdk() else { return };
    let script = workspace_root().join("tests/python/sdk_server.py").display().to_string();
    let python = python.display().to_string();
    let (code, out) = mcp(&["call", "shout", "text=hello", "--", &python, &script]);
    assert_eq!((code, out.trim()), (Some(0), "HELLO"));
    let (code, out) = mcp(&["read", "greeting://hello", "--", &python, &script]);
    assert_eq!(code, Some(0));
    assert!(out.contains("Hello from the Python SDK!"), "{out}");
}
