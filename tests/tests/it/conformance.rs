//! The official MCP conformance suite against the `conformance` example, at
//! both requirement sets. The suite exits non-zero when any scored scenario
//! fails; the unscored ones it runs too (pending, and the extensions: the
//! `tasks-*` scenarios) must pass as well, with no expected-failures file.

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
    let unscored = stdout.lines().find(|l| l.starts_with("Not scored")).unwrap_or_default();
    assert!(unscored.contains(" 0 failing"), "unscored scenarios failed for {requirements}: {unscored}\n{stdout}");
    assert!(!stdout.contains('✗'), "a scenario failed for {requirements}:\n{stdout}");
}

#[test]
fn conformance_2025_11_25() {
    run_suite("2025-11-25");
}

#[test]
fn conformance_2026_07_28() {
    run_suite("2026-07-28");
}

/// The Skills extension's server scenarios (no requirement set has them),
/// against the `skills` example, on both wires: every check passes, with
/// no warning.
#[test]
fn skills_extension_scenarios() {
    let Some((node, suite)) = conformance_suite() else { return };
    let server = HttpServer::start("skills", "http");
    for wire in [&[][..], &["--spec-version", "2025-11-25"][..]] {
        for scenario in ["sep-2640-skills-enumeration", "sep-2640-skills-manifest", "sep-2640-skills-directory"] {
            let out = Command::new(&node)
                .arg(&suite)
                .args(["server", "--url", &server.url(), "--scenario", scenario, "--force"])
                .args(wire)
                .output()
                .expect("the suite runs");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let passed = stdout.lines().find(|l| l.starts_with("Passed:")).unwrap_or_default();
            println!("{scenario} {wire:?}: {passed}");
            assert!(
                out.status.success() && passed.ends_with(" 0 failed, 0 warnings"),
                "{scenario} {wire:?}:\n{stdout}"
            );
        }
    }
}

/// The suite's client requirement sets, against the `conformance_client`
/// example: every scored scenario, OAuth included, in the session
/// lifecycle (2025-11-25) and the stateless one (2026-07-28). The suite
/// exits non-zero when any scored scenario fails.
#[test]
fn client_conformance_2025_11_25() {
    run_client_suite(&["--requirements", "2025-11-25"]);
}

#[test]
fn client_conformance_2026_07_28() {
    run_client_suite(&["--requirements", "2026-07-28"]);
}

/// Authorization scenarios no requirement set includes: the 2025-03-26
/// fallbacks (no protected-resource metadata; no metadata at all), and the
/// client credentials (secret or signed JWT), workload identity (JWT
/// bearer), DPoP and enterprise-managed authorization extensions, and the
/// Skills extension's client scenarios (no prefetch; a skill whose digest,
/// size or front matter does not match is not used).
#[test]
fn client_conformance_outside_the_requirement_sets() {
    for scenario in ["auth/2025-03-26-oauth-metadata-backcompat", "auth/2025-03-26-oauth-endpoint-fallback"] {
        run_client_suite(&["--scenario", scenario, "--spec-version", "2025-03-26"]);
    }
    let extensions = [
        "auth/client-credentials-basic",
        "auth/client-credentials-jwt",
        "auth/wif-jwt-bearer",
        "auth/dpop",
        "auth/dpop-nonce",
        "auth/enterprise-managed-authorization",
        "sep-2640-client-no-prefetch",
        "sep-2640-client-verify-digest",
        "sep-2640-client-verify-size",
        "sep-2640-client-verify-frontmatter",
    ];
    for extension in extensions {
        run_client_suite(&["--scenario", extension, "--force"]);
    }
}

fn run_client_suite(selection: &[&str]) {
    let Some((node, suite)) = conformance_suite() else { return };
    let client = mcp_tests::example("conformance_client").display().to_string();
    let results = std::env::temp_dir().join(format!("mcp-client-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&results).expect("results dir");
    let out = Command::new(&node)
        .arg(&suite)
        .args(["client", "--command", &client])
        .args(selection)
        .current_dir(&results)
        .output()
        .expect("the suite runs");
    let output = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let summary: Vec<&str> =
        output.lines().filter(|l| l.starts_with('✗') || l.starts_with("Total") || l.starts_with("Passed")).collect();
    println!("client conformance {}:\n{}", selection.join(" "), summary.join("\n"));
    assert!(out.status.success(), "client conformance {} failed:\n{output}", selection.join(" "));
}
