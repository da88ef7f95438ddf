//! Streamable HTTP benchmark: the quickstart example (release) under load
//! from raw keep-alive HTTP/1.1 clients on the same machine.
//!
//! `cargo bench -p mcp-tests --bench http`. Figures go to BENCHMARKS.md.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{median, session_headers, AsyncConn, Conn, Floor, CALL, INIT, STATELESS_CALL, STATELESS_HEADERS};
use mcp_tests::HttpServer;

const CLIENTS: usize = 16;
const LOAD_SECONDS: u64 = 3;
const ROUNDS: usize = 3;
const LATENCY_CALLS: usize = 5_000;
const IDLE_SESSIONS: usize = 1_000;

fn main() {
    let server = HttpServer::start("quickstart", "http");
    // For profiling: `MCP_BENCH_PROFILE=stateless|session` loads the server alone for 20 s.
    if let Ok(era) = std::env::var("MCP_BENCH_PROFILE") {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        for _ in 0..7 {
            eprintln!("{:.0} calls/s", runtime.block_on(async_throughput(server.port, era == "stateless")));
        }
        return;
    }
    let floor = Floor::start(Path::new(env!("CARGO_BIN_EXE_floor_http")));
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mut rows = Vec::new();
    for (kind, asynchronous) in [("blocking clients", false), ("async clients", true)] {
        eprintln!("{kind} ...");
        let load = |port: u16, stateless: bool| {
            if asynchronous {
                runtime.block_on(async_throughput(port, stateless))
            } else {
                throughput(port, stateless)
            }
        };
        let (mut floor_calls, mut session, mut stateless) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            floor_calls.push(load(floor.port, false));
            session.push(load(server.port, false));
            stateless.push(load(server.port, true));
        }
        let floor_calls = median(floor_calls);
        rows.push((format!("calls/s, {CLIENTS} {kind}, one session each (plain JSON)"), floor_calls, median(session)));
        rows.push((format!("calls/s, {CLIENTS} {kind}, stateless 2026-07-28"), floor_calls, median(stateless)));
    }
    let (floor_p50, p50) = (latency_p50(floor.port), latency_p50(server.port));
    rows.push(("round trip p50, one blocking client (ms)".to_owned(), floor_p50, p50));
    let (idle_rss, sessions) = idle_sessions_rss(server.port, &server);
    println!("| measure | floor (axum + serde_json::Value) | mcp-runtime quickstart | ratio |");
    println!("| --- | ---: | ---: | ---: |");
    for (label, a, b) in rows {
        println!("| {label} | {a:.3} | {b:.3} | {:.2}x |", b / a);
    }
    println!("| RSS with {sessions} idle sessions (MB) | | {idle_rss:.1} | |");
}

/// Prepares a connection for calls: a session's headers, or stateless ones.
fn client(port: u16, stateless: bool) -> (Conn, String) {
    let mut conn = Conn::open(port);
    if stateless {
        return (conn, STATELESS_HEADERS.to_owned());
    }
    let headers = session_headers(conn.post("", INIT).0);
    (conn, headers)
}

fn throughput(port: u16, stateless: bool) -> f64 {
    let body = if stateless { STATELESS_CALL } else { CALL };
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            std::thread::spawn(move || {
                let (mut conn, headers) = client(port, stateless);
                let mut calls = 0u64;
                while Instant::now() < deadline {
                    let (_, reply) = conn.post(&headers, body);
                    debug_assert!(reply.contains("\"result\""), "{reply}");
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    let total: u64 = workers.into_iter().map(|w| w.join().expect("worker")).sum();
    total as f64 / LOAD_SECONDS as f64
}

async fn async_throughput(port: u16, stateless: bool) -> f64 {
    let body = if stateless { STATELESS_CALL } else { CALL };
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            tokio::spawn(async move {
                let mut conn = AsyncConn::open(port).await;
                let headers =
                    if stateless { STATELESS_HEADERS.to_owned() } else { session_headers(conn.post("", INIT).await.0) };
                let mut calls = 0u64;
                while Instant::now() < deadline {
                    conn.post(&headers, body).await;
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    let mut total = 0;
    for worker in workers {
        total += worker.await.expect("worker");
    }
    total as f64 / LOAD_SECONDS as f64
}

fn latency_p50(port: u16) -> f64 {
    common::session_p50(port, 500, LATENCY_CALLS)
}

/// Opens idle sessions (one initialize each), then reads the server's RSS.
fn idle_sessions_rss(port: u16, server: &HttpServer) -> (f64, usize) {
    let mut conn = Conn::open(port);
    for _ in 0..IDLE_SESSIONS {
        conn.post("", INIT);
    }
    (server.rss_mb(), IDLE_SESSIONS)
}
