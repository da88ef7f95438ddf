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
