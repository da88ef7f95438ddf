//! Interop with a client nobody here wrote: the official MCP Python SDK.

use mcp_tests::{example, python_with_sdk, run_python_script};

#[test]
fn official_python_sdk_lists_and_calls_quickstart_over_stdio() {
    let Some(python) = python_with_sdk() else {
        return;
    };
    let stdout = run_python_script(&python, "stdio_quickstart.py", &[&example("quickstart")]);
    assert!(stdout.contains("python-sdk interop ok"), "{stdout}");
    assert!(stdout.contains("5 + 3 = 8"), "{stdout}");
    assert!(stdout.contains("Hello from MCP Server!") && stdout.contains("prompt rendered"), "{stdout}");
}

#[test]
fn official_python_sdk_elicits_and_samples_in_both_eras() {
    let Some(python) = python_with_sdk() else { return };
    let stdout = run_python_script(&python, "both_eras_interactive.py", &[&example("interactive")]);
    assert!(stdout.contains("python-sdk legacy mode ok (protocol 2025-11-25)"), "{stdout}");
    assert!(stdout.contains("python-sdk auto mode ok (protocol 2026-07-28)"), "{stdout}");
}

#[test]
fn official_python_sdk_over_streamable_http_in_both_eras() {
    let Some(python) = python_with_sdk() else { return };
    let server = mcp_tests::HttpServer::start("quickstart", "http");
    let stdout = run_python_args(&python, &["http_interop.py", "streamable", &server.url()]);
    assert!(stdout.contains("streamable http legacy ok") && stdout.contains("streamable http auto ok"), "{stdout}");
}

#[test]
fn official_python_sdk_elicits_and_samples_over_http_in_both_eras() {
    let Some(python) = python_with_sdk() else { return };
    let server = mcp_tests::HttpServer::start("interactive", "http");
    let stdout = run_python_args(&python, &["http_interop.py", "interactive", &server.url()]);
    assert!(stdout.contains("interactive http legacy ok") && stdout.contains("interactive http auto ok"), "{stdout}");
}

#[test]
fn official_python_sdk_calls_task_tools_without_the_extension() {
    let Some(python) = python_with_sdk() else { return };
    let server = mcp_tests::HttpServer::start("conformance", "http");
    let stdout = run_python_args(&python, &["http_interop.py", "tasks", &server.url()]);
    assert!(stdout.contains("tasks legacy ok") && stdout.contains("tasks auto ok"), "{stdout}");
}

#[test]
fn official_python_sdk_over_legacy_sse() {
    let Some(python) = python_with_sdk() else { return };
    let server = mcp_tests::HttpServer::start("website_fetcher", "sse");
    let url = format!("http://127.0.0.1:{}/sse", server.port);
    let stdout = run_python_args(&python, &["http_interop.py", "sse", &url]);
    assert!(stdout.contains("legacy sse ok"), "{stdout}");
}

/// Runs `tests/python/<script> args..`.
fn run_python_args(python: &std::path::Path, args: &[&str]) -> String {
    let (script, rest) = args.split_first().expect("a script");
    let paths: Vec<std::path::PathBuf> = rest.iter().map(std::path::PathBuf::from).collect();
    let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    run_python_script(python, script, &refs)
}

#[test]
fn the_seeds_own_sdk_version_connects_over_legacy_sse() {
    let Some(python) = mcp_tests::python_with_seed_sdk() else { return };
    let server = mcp_tests::HttpServer::start("website_fetcher", "sse");
    let url = format!("http://127.0.0.1:{}/sse", server.port);
    let stdout = run_python_args(&python, &["seed_sse_client.py", &url]);
    assert!(stdout.contains("seed sse client ok"), "{stdout}");
}
