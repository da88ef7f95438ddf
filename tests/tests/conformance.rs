//! The official MCP conformance suite against the `conformance` example, at
//! both requirement sets. The suite exits non-zero when any scored scenario
//! fails; unscored (pending, extension) scenarios are reported but do not count.

use std::process::Command;

use mcp_tests::{conformance_suite, HttpServer};

fn run_suite(requirements: &str) {
    let Some((node, suite)) = conformance_suite() else { return };
    let server = HttpServer::start("conformance", "http");
    let out = Command::new(&node)
        .arg(&suite)
        .args(["server", "--url", &server.url(), "--requirements", requirements])
        .output()
        .expect("the suite runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary: Vec<&str> = stdout.lines().filter(|l| l.starts_with('✗') || l.starts_with("Total")).collect();
    println!("conformance {requirements}:\n{}", summary.join("\n"));
    assert!(
        out.status.success(),
        "scored conformance scenarios failed for {requirements}:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn conformance_2025_11_25() {
    run_suite("2025-11-25");
}

#[test]
fn conformance_2026_07_28() {
    run_suite("2026-07-28");
}

/// The suite's client scenarios that the 2025-11-25 session lifecycle covers,
/// against the `conformance_client` example.
#[test]
fn client_conformance_2025_11_25() {
    let Some((node, suite)) = conformance_suite() else { return };
    let client = mcp_tests::example("conformance_client").display().to_string();
    let results = std::env::temp_dir().join(format!("mcp-client-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&results).expect("results dir");
    for scenario in ["initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry"] {
        let out = Command::new(&node)
            .arg(&suite)
            .args(["client", "--command", &client, "--scenario", scenario])
            .current_dir(&results)
            .output()
            .expect("the suite runs");
        let output = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let summary = output.lines().find(|l| l.starts_with("Passed:")).unwrap_or("no summary");
        println!("client conformance {scenario}: {summary}");
        assert!(out.status.success(), "client scenario {scenario} failed:\n{output}");
        assert!(summary.contains(", 0 failed, 0 warnings"), "{scenario}: {summary}");
    }
}
