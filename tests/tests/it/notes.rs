//! The notes example through a client nobody here wrote: the official MCP
//! Python SDK, in both protocol eras, over stdio and Streamable HTTP. Each
//! run starts a fresh process, and with it a fresh store.

use mcp_tests::{example, python_with_sdk, run_python_script};

#[test]
fn the_python_sdk_adds_reads_summarizes_and_deletes_notes_over_stdio_in_both_eras() {
    let Some(python) = python_with_sdk() else { return };
    let stdout =
        run_python_script(&python, "notes_client.py", &[std::path::Path::new("stdio"), example("notes").as_path()]);
    assert!(stdout.contains("notes stdio legacy ok (2025-11-25, not-found -32002)"), "{stdout}");
    assert!(stdout.contains("notes stdio auto ok (2026-07-28, not-found -32602)"), "{stdout}");
}

#[test]
fn the_python_sdk_adds_reads_summarizes_and_deletes_notes_over_http_in_both_eras() {
    let Some(python) = python_with_sdk() else { return };
    let server = mcp_tests::HttpServer::start("notes", "http");
    let url = server.url();
    let stdout =
        run_python_script(&python, "notes_client.py", &[std::path::Path::new("http"), std::path::Path::new(&url)]);
    assert!(stdout.contains("notes http legacy ok (2025-11-25, not-found -32002)"), "{stdout}");
    assert!(stdout.contains("notes http auto ok (2026-07-28, not-found -32602)"), "{stdout}");
}
