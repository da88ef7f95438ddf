//! Prometheus metrics (`--metrics-port`) on a real `quickstart` process:
//! requests by method, name and outcome with their latency histogram,
//! calls in flight, open sessions and streams, and session-store errors,
//! read the way Prometheus reads them.

use std::time::Duration;

use mcp_runtime::client::{Client, ClientOptions};
use mcp_runtime::protocol::ProtocolVersion;
use mcp_tests::{example, raw_http, HttpServer};
use serde_json::json;

/// The port in the start-up line `metrics: Prometheus at http://…:PORT/metrics`.
fn metrics_port(server: &HttpServer) -> u16 {
    let log = server.log_containing("metrics: Prometheus at ");
    let line = log.lines().find(|l| l.contains("metrics: Prometheus at ")).unwrap_or_default();
    let tail = line.rsplit(':').next().unwrap_or_default();
    tail.trim_end_matches("/metrics").trim().parse().unwrap_or_else(|_| panic!("no metrics port in {line:?}"))
}

fn scrape(port: u16) -> String {
    let response = raw_http(port, "GET", "/metrics", &[], b"");
    assert_eq!(response.status, 200, "{}", response.body);
    assert!(response.header("content-type").is_some_and(|t| t.starts_with("text/plain")));
    response.body
}

/// The value of the sample whose name and labels start `series`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find(|l| l.starts_with(series)).and_then(|l| l.rsplit(' ').next()).and_then(|v| v.parse().ok())
}

fn session_era() -> ClientOptions {
    ClientOptions::named("metrics").protocol_version(ProtocolVersion::LATEST_SESSION)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_sessions_streams_and_calls_in_flight_are_counted() {
    let server =
        HttpServer::start_with(&example("quickstart"), &["--transport", "http", "--port", "0", "--metrics-port", "0"]);
    let port = metrics_port(&server);
    let client = Client::streamable_http(&server.url(), session_era()).await.expect("connects");
    for a in 0..3 {
        client.call_tool("add_numbers", json!({"a": a, "b": 1})).await.expect("a call");
    }
    let unknown = client.call_tool("no_such_tool", json!({})).await;
    assert!(unknown.is_err() || unknown.is_ok_and(|r| r.is_error));
    client.list_tools().await.expect("a list");

    let text = scrape(port);
    let ok = r#"mcp_requests_total{method="tools/call",name="add_numbers",outcome="ok"}"#;
    assert_eq!(sample(&text, ok), Some(3.0), "{text}");
    // A name the server does not have is not a label: a peer cannot grow the series.
    assert!(!text.contains("no_such_tool"), "{text}");
    assert!(text.contains(r#"mcp_requests_total{method="tools/call",name="",outcome="#), "{text}");
    assert_eq!(sample(&text, r#"mcp_requests_total{method="tools/list",name="",outcome="ok"}"#), Some(1.0));
    let bucket = r#"mcp_request_duration_seconds_bucket{method="tools/call",name="add_numbers",le="+Inf"}"#;
    assert_eq!(sample(&text, bucket), Some(3.0), "{text}");
    assert!(text.contains("# TYPE mcp_request_duration_seconds histogram"), "{text}");
    assert_eq!(sample(&text, r#"mcp_sessions_open{transport="streamable_http"}"#), Some(1.0), "{text}");
    assert_eq!(sample(&text, "mcp_requests_in_flight "), Some(0.0), "{text}");

    // A long call, while it runs: in flight, on an open SSE stream.
    let watch = async {
        let mut during = String::new();
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(25)).await;
            during = tokio::task::spawn_blocking(move || scrape(port)).await.expect("scrapes");
            if sample(&during, "mcp_requests_in_flight ") == Some(1.0) {
                break;
            }
        }
        during
    };
    let (done, during) = tokio::join!(client.call_tool("long_task", json!({"steps": 100})), watch);
    assert_eq!(sample(&during, "mcp_requests_in_flight "), Some(1.0), "{during}");
    assert!(sample(&during, "mcp_streams_open ").is_some_and(|n| n >= 1.0), "{during}");
    done.expect("the long call");
    let after = scrape(port);
    assert_eq!(sample(&after, "mcp_requests_in_flight "), Some(0.0), "{after}");
    let long = r#"mcp_requests_total{method="tools/call",name="long_task",outcome="ok"}"#;
    assert_eq!(sample(&after, long), Some(1.0), "{after}");

    client.close().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(sample(&scrape(port), r#"mcp_sessions_open{transport="streamable_http"}"#), Some(0.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_session_store_is_counted() {
    // Nothing listens on this Redis port: every store operation fails.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("redis://127.0.0.1:{}", dead.local_addr().expect("an address").port());
    drop(dead);
    let args = ["--transport", "http", "--port", "0", "--metrics-port", "0", "--redis", &url];
    let server = HttpServer::start_with(&example("quickstart"), &args);
    let port = metrics_port(&server);
    let refused = Client::streamable_http(&server.url(), session_era()).await;
    assert!(refused.is_err(), "a session cannot be opened without its store");
    let ready = raw_http(server.port, "GET", "/readyz", &[], b"");
    assert_eq!(ready.status, 503);
    let text = scrape(port);
    assert!(sample(&text, r#"mcp_store_errors_total{operation="save"}"#).is_some_and(|n| n >= 1.0), "{text}");
    assert!(sample(&text, r#"mcp_store_errors_total{operation="ping"}"#).is_some_and(|n| n >= 1.0), "{text}");
}

#[test]
fn the_metrics_port_must_differ_from_the_mcp_port() {
    let out = std::process::Command::new(example("quickstart"))
        .args(["--transport", "http", "--port", "18731", "--metrics-port", "18731"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give metrics a port of their own"));
}

#[test]
fn metrics_stay_on_the_loopback_of_a_wildcard_bind_unless_told() {
    let args = ["--transport", "http", "--host", "0.0.0.0", "--port", "0", "--metrics-port", "0"];
    let server = HttpServer::start_with(&example("quickstart"), &args);
    let log = server.log_containing("metrics: Prometheus at ");
    assert!(log.contains("metrics: Prometheus at http://127.0.0.1:"), "{log}");
    scrape(metrics_port(&server));
    let args =
        ["--transport", "http", "--host", "0.0.0.0", "--port", "0", "--metrics-port", "0", "--metrics-host", "0.0.0.0"];
    let told = HttpServer::start_with(&example("quickstart"), &args);
    told.log_containing("metrics: Prometheus at http://0.0.0.0:");
}
