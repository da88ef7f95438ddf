//! What `Server::run` does with its command line.

use std::process::Command;

use mcp_tests::example;
use serde_json::Value;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(example("website_fetcher")).args(args).output().expect("runs");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn inspect_prints_the_manifest() {
    let (code, stdout, _) = run(&["--inspect"]);
    assert_eq!(code, Some(0));
    let manifest: Value = serde_json::from_str(&stdout).expect("JSON manifest");
    assert_eq!(manifest["name"], "mcp-website-fetcher");
    let names: Vec<_> = manifest["tools"].as_array().expect("tools").iter().map(|t| t["name"].clone()).collect();
    assert_eq!(names, ["fetch", "weather", "calculate"]);
    assert_eq!(manifest["tools"][2]["inputSchema"]["required"], serde_json::json!(["num1", "num2"]));
}

#[test]
fn help_and_version() {
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("--transport <stdio|sse|http|websocket>"), "{stdout}");
    let (code, stdout, _) = run(&["--version"]);
    assert_eq!((code, stdout.trim()), (Some(0), "mcp-website-fetcher 0.1.0"));
}

#[test]
fn bad_arguments_exit_with_usage() {
    let (code, _, stderr) = run(&["--port", "eighty"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("invalid port `eighty`") && stderr.contains("Usage:"), "{stderr}");
    let (code, _, stderr) = run(&["--frobnicate"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown argument `--frobnicate`"), "{stderr}");
}

#[test]
fn state_nobody_registered_stops_inspect_and_serving_with_exit_code_2() {
    let binary = mcp_tests::profile_dir().join("missing_state");
    for args in [&["--inspect"][..], &[][..]] {
        let out = Command::new(&binary).args(args).stdin(std::process::Stdio::null()).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("tool `lookup` takes `State<missing_state::Store>`"), "{stderr}");
        assert!(stderr.contains("add `.state(value)`"), "{stderr}");
    }
}

#[test]
fn network_only_settings_with_stdio_are_an_error_not_ignored() {
    let (code, _, stderr) = run(&["--redis", "redis://127.0.0.1:1", "--metrics-port", "9100"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--redis, --metrics-port") && stderr.contains("--transport http"), "{stderr}");
    // A variable may be set for every command a container runs: stdio
    // ignores it, and says so.
    let out = Command::new(example("website_fetcher"))
        .env("MCP_REDIS_URL", "redis://127.0.0.1:1")
        .env("MCP_METRICS_PORT", "")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stdin closed, the server ends: {stderr}");
    assert!(stderr.contains("warning: stdio ignores MCP_REDIS_URL, which"), "{stderr}");
}
