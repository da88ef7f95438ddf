//! The deployment files speak the server's language: every flag and every
//! `MCP_*` variable in `deploy/kubernetes.yaml` is one `--help` documents,
//! and the probe paths and ports are the ones the server serves.

use mcp_tests::{example, workspace_root};

fn manifest() -> String {
    std::fs::read_to_string(workspace_root().join("deploy").join("kubernetes.yaml")).expect("the manifest")
}

fn help() -> String {
    let out = std::process::Command::new(example("quickstart")).arg("--help").output().expect("runs");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// The words of `text` that start with `prefix`, trimmed of punctuation.
fn words<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '"' | ',' | '[' | ']' | ':'))
        .filter(|w| w.starts_with(prefix))
        .collect()
}

#[test]
fn the_kubernetes_manifest_uses_only_flags_and_variables_the_server_knows() {
    let (manifest, help) = (manifest(), help());
    // The server's Deployment: the first document, without comments.
    let server: String = manifest
        .split("\n---")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let flags = words(&server, "--");
    let variables = words(&server, "MCP_");
    assert!(flags.contains(&"--transport") && variables.contains(&"MCP_REDIS_URL"), "{flags:?} {variables:?}");
    for name in flags.iter().chain(&variables) {
        assert!(help.contains(name), "`{name}` in deploy/kubernetes.yaml is not in --help:\n{help}");
    }
    for needed in [
        "MCP_REQUEST_STATE_KEY",
        "MCP_METRICS_PORT",
        "MCP_METRICS_HOST",
        "MCP_ALLOWED_HOSTS",
        "path: /readyz",
        "path: /healthz",
        "replicas: 3",
    ] {
        assert!(manifest.contains(needed), "the manifest lacks {needed}");
    }
}
