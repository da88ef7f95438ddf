//! The MCP Inspector CLI (npm) lists and calls tools over stdio and HTTP.

use std::path::Path;
use std::process::Command;

use mcp_tests::{example, inspector_cli, HttpServer};
use serde_json::Value;

fn inspect(node: &Path, cli: &Path, args: &[&str]) -> Value {
    let node_dir = node.parent().expect("node's directory");
    let path = format!("{}:{}", node_dir.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new(cli).args(args).env("PATH", path).output().expect("the inspector runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "inspector {args:?} failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("inspector output is not JSON ({e}):\n{stdout}"))
}

#[test]
fn inspector_lists_and_calls_over_stdio() {
    let Some((node, cli)) = inspector_cli() else { return };
    let server = example("quickstart");
    let server = server.to_str().expect("utf-8 path");
    let list = inspect(&node, &cli, &["--cli", server, "--method", "tools/list"]);
    assert_eq!(list["tools"][0]["name"], "add_numbers");
    let call = [
        "--cli",
        server,
        "--method",
        "tools/call",
        "--tool-name",
        "add_numbers",
        "--tool-arg",
        "a=5",
        "--tool-arg",
        "b=3",
    ];
    assert_eq!(inspect(&node, &cli, &call)["content"][0]["text"], "8");
}

#[test]
fn inspector_lists_and_calls_over_http() {
    let Some((node, cli)) = inspector_cli() else { return };
    let server = HttpServer::start("quickstart", "http");
    let url = server.url();
    let list = inspect(&node, &cli, &["--cli", &url, "--transport", "http", "--method", "tools/list"]);
    assert_eq!(list["tools"].as_array().map(Vec::len), Some(3));
    let call = [
        "--cli",
        &url,
        "--transport",
        "http",
        "--method",
        "tools/call",
        "--tool-name",
        "add_numbers",
        "--tool-arg",
        "a=2",
        "--tool-arg",
        "b=2",
    ];
    assert_eq!(inspect(&node, &cli, &call)["content"][0]["text"], "4");
}
