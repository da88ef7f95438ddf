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

/// The suite's client scenarios, against the `conformance_client` example,
/// in the session lifecycle (2025-11-25) and the stateless one (2026-07-28).
#[test]
fn client_conformance() {
    let Some((node, suite)) = conformance_suite() else { return };
    let client = mcp_tests::example("conformance_client").display().to_string();
    let results = std::env::temp_dir().join(format!("mcp-client-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&results).expect("results dir");
    let scenarios = [
        ("2025-11-25", "initialize"),
        ("2025-11-25", "tools_call"),
        ("2025-11-25", "elicitation-sep1034-client-defaults"),
        ("2025-11-25", "sse-retry"),
        ("2026-07-28", "tools_call"),
        ("2026-07-28", "request-metadata"),
        ("2026-07-28", "sep-2322-client-request-state"),
        ("2026-07-28", "http-standard-headers"),
        ("2026-07-28", "http-custom-headers"),
        ("2026-07-28", "http-invalid-tool-headers"),
        ("2026-07-28", "json-schema-ref-no-deref"),
    ];
    for (version, scenario) in scenarios {
        let out = Command::new(&node)
            .arg(&suite)
            .args(["client", "--command", &client, "--scenario", scenario, "--spec-version", version])
            .current_dir(&results)
            .output()
            .expect("the suite runs");
        let output = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let summary = output.lines().find(|l| l.starts_with("Passed:")).unwrap_or("no summary");
        println!("client conformance {version} {scenario}: {summary}");
        assert!(out.status.success(), "client scenario {scenario} failed:\n{output}");
        assert!(summary.contains(", 0 failed, 0 warnings"), "{scenario}: {summary}");
    }
}
