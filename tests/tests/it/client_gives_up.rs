//! A client that gives up on time and says why: a silent server (a
//! timeout that covers the whole opening, era probe included), a server
//! that writes garbage (a malformed answer, named at once), and a dead one.

use std::process::Command;
use std::time::{Duration, Instant};

use mcp_runtime::client::{Client, ClientOptions, Error};
use mcp_tests::example;

/// A stdio "server" that reads its input and never answers.
const SILENT: [&str; 2] = ["-c", "cat > /dev/null"];
/// One that answers everything with a line that is not JSON-RPC.
const GARBLED: [&str; 2] = ["-c", "while read -r line; do echo 'Welcome to my server!'; done"];

#[tokio::test]
async fn a_silent_server_times_out_within_the_timeout_probe_included() {
    let started = Instant::now();
    let options = ClientOptions::named("silent").timeout(Duration::from_secs(3));
    let outcome = Client::stdio("sh", SILENT, options).await;
    let elapsed = started.elapsed();
    let Err(error @ Error::Timeout { .. }) = outcome else { panic!("a timeout, not {:?}", outcome.err()) };
    assert_eq!(error.to_string(), "server `silent`: no answer to `initialize` within 3s");
    assert!(elapsed < Duration::from_secs(6), "the probe is inside the timeout, not added to it: {elapsed:?}");
}

#[tokio::test]
async fn a_garbled_answer_is_named_without_waiting_out_the_timeout() {
    let started = Instant::now();
    let outcome = Client::stdio("sh", GARBLED, ClientOptions::named("garbled")).await;
    let elapsed = started.elapsed();
    let Err(Error::Protocol { detail, .. }) = outcome else { panic!("a malformed answer, not {:?}", outcome.err()) };
    assert!(detail.contains("not JSON-RPC") && detail.contains("Welcome to my server!"), "{detail}");
    assert!(elapsed < Duration::from_secs(20), "not the 60 s timeout: {elapsed:?}");
}

#[tokio::test]
async fn a_dead_server_is_named_as_such() {
    let outcome =
        Client::stdio("sh", ["-c", "echo 'cannot open the database' >&2; exit 1"], ClientOptions::named("dead")).await;
    let Err(error @ Error::Closed { .. }) = outcome else { panic!("closed, not {:?}", outcome.err()) };
    assert!(error.to_string().contains("cannot open the database"), "{error}");
    let outcome = Client::streamable_http("http://127.0.0.1:9/mcp", ClientOptions::named("nobody")).await;
    assert!(matches!(outcome, Err(Error::Unreachable { .. })), "{:?}", outcome.err());
}

fn mcp(args: &[&str]) -> (Option<i32>, String, Duration) {
    let program = example("mcp");
    let started = Instant::now();
    let out = Command::new(program).args(args).output().expect("mcp runs");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned(), started.elapsed())
}

#[test]
fn the_cli_timeout_bounds_the_whole_call_and_says_what_went_wrong() {
    let (code, stderr, elapsed) = mcp(&["--timeout", "2", "list", "--", "sh", SILENT[0], SILENT[1]]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("no answer") && stderr.contains("2s"), "{stderr}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    let (code, stderr, _) = mcp(&["--timeout", "30", "list", "--", "sh", GARBLED[0], GARBLED[1]]);
    assert_eq!(code, Some(3));
    assert!(stderr.contains("not JSON-RPC") && stderr.contains("Welcome to my server!"), "{stderr}");
    let (code, stderr, _) = mcp(&["--timeout", "soon", "list", "http://127.0.0.1:9/mcp"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--timeout needs a positive number of seconds"), "{stderr}");
    let (code, stderr, _) = mcp(&["--timeout", "5", "call", "http://127.0.0.1:9/mcp", "add"]);
    assert_eq!(code, Some(3));
    assert!(stderr.contains("127.0.0.1:9"), "unreachable, with its address: {stderr}");
}
