//! Instances behind a real load balancer (nginx, round-robin per request,
//! no stickiness): 2026-07-28 `input_required` rounds that start on one
//! instance and are answered on another, with a shared request-state key.

use mcp_tests::balancer::{nginx, Balancer};
use mcp_tests::{example, python_with_sdk, run_python, HttpServer};

const SECRET: &str = "a request-state secret every instance shares";

fn instances(count: usize, extra: &[&str]) -> Vec<HttpServer> {
    let mut args = vec!["--transport", "http", "--port", "0"];
    args.extend_from_slice(extra);
    (0..count).map(|_| HttpServer::start_with(&example("interactive"), &args)).collect()
}

fn ports(servers: &[HttpServer]) -> Vec<u16> {
    servers.iter().map(|s| s.port).collect()
}

#[test]
fn input_required_rounds_cross_instances_with_a_shared_key() {
    let (Some(nginx), Some(python)) = (nginx(), python_with_sdk()) else { return };
    let servers = instances(3, &["--request-state-key", SECRET]);
    let balancer = Balancer::start(&nginx, &ports(&servers));
    let out = run_python(&python, "balanced_interactive.py", &[&balancer.url()], &[]);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "order_coffee: a large coffee for ada.",
            "write_poem: Iron learns to bend",
            "order_coffee: a large coffee for ada."
        ],
        "{out}"
    );
}

#[test]
fn without_a_shared_key_a_round_answered_elsewhere_is_refused_with_a_reason() {
    let (Some(nginx), Some(python)) = (nginx(), python_with_sdk()) else { return };
    let servers = instances(3, &[]);
    let balancer = Balancer::start(&nginx, &ports(&servers));
    let out = run_python(&python, "balanced_interactive.py", &[&balancer.url()], &[]);
    assert!(out.contains("signed by another server"), "the balancer spreads the rounds: {out}");
}

#[test]
fn a_short_request_state_key_stops_the_server_with_a_message() {
    let out = std::process::Command::new(example("interactive"))
        .args(["--transport", "http", "--port", "0", "--request-state-key", "short"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("request-state key has 5 bytes; it needs at least 32"), "{stderr}");
}
