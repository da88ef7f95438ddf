//! The lists a client sees, as a contract: `tools/list`,
//! `resources/templates/list` and `prompts/list` of the `quickstart`
//! example over stdio, in every protocol revision, compared with the JSON
//! files in `tests/snapshots/<revision>/`. A change to the wire shows up
//! as a diff in review.
//!
//! After an intended change: `MCP_SNAPSHOTS=overwrite cargo test -p
//! mcp-tests --test snapshots`, then read the diff before committing.

use std::path::PathBuf;

use mcp_tests::{example, workspace_root, StdioServer};
use serde_json::{json, Value};

const REVISIONS: &[&str] = &["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"];
const LISTS: &[(&str, &str)] =
    &[("tools/list", "tools"), ("resources/templates/list", "resource_templates"), ("prompts/list", "prompts")];

/// The result of `method` in `revision`: after `initialize` in the session
/// era, or as a 2026-07-28 request with `_meta`.
fn list(server: &mut StdioServer, revision: &str, method: &str) -> Value {
    let params = match revision {
        "2026-07-28" => json!({"_meta": {
            "io.modelcontextprotocol/protocolVersion": revision,
            "io.modelcontextprotocol/clientCapabilities": {}
        }}),
        _ => json!({}),
    };
    let reply = server.request(method, params);
    reply.get("result").cloned().unwrap_or_else(|| panic!("{revision} {method}: {reply}"))
}

fn snapshot_path(revision: &str, file: &str) -> PathBuf {
    workspace_root().join("tests").join("snapshots").join(revision).join(format!("{file}.json"))
}

#[test]
fn the_lists_match_their_snapshots_in_every_revision() {
    let overwrite = std::env::var("MCP_SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut differences = Vec::new();
    for revision in REVISIONS {
        let mut server = StdioServer::spawn(&example("quickstart"), &[]);
        if *revision != "2026-07-28" {
            server.initialize(revision);
        }
        for (method, file) in LISTS {
            let got = serde_json::to_string_pretty(&list(&mut server, revision, method)).expect("JSON") + "\n";
            let path = snapshot_path(revision, file);
            if overwrite {
                std::fs::create_dir_all(path.parent().expect("a folder")).expect("the folder");
                std::fs::write(&path, &got).expect("the snapshot");
                continue;
            }
            let want = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (MCP_SNAPSHOTS=overwrite writes it)", path.display()));
            if want != got {
                differences.push(format!("{}:\n--- expected\n{want}\n--- got\n{got}", path.display()));
            }
        }
    }
    assert!(differences.is_empty(), "lists differ from their snapshots:\n{}", differences.join("\n"));
}
