//! Scale-out benchmark, in one run on one machine: `quickstart` instances
//! (release) sharing sessions through a real Redis, behind nginx
//! (round-robin per request, with a connection per request and with pooled
//! connections), with 1, 2 and 3 instances, against one instance reached
//! directly; the p50 a Redis
//! store adds to a session-era call; and memory per 1,000 idle sessions.
//!
//! `cargo bench -p mcp-tests --bench scale`. Figures go to BENCHMARKS.md.
//! All processes share the machine's cores, so more instances add no CPU:
//! the figures show the cost of the balancer and the store, not capacity.

mod common;

use std::time::{Duration, Instant};

use common::{
    median, redis_used_memory, session_headers, AsyncConn, Conn, CALL, INIT, STATELESS_CALL, STATELESS_HEADERS,
};
use mcp_tests::balancer::{nginx, Balancer};
use mcp_tests::redis_server::{redis_server, RedisServer};
use mcp_tests::{example, HttpServer};

const CLIENTS: usize = 16;
const LOAD_SECONDS: u64 = 3;
const ROUNDS: usize = 3;
const LATENCY_CALLS: usize = 3_000;
const IDLE_SESSIONS: usize = 1_000;

fn main() {
    let nginx = nginx().expect("nginx (apt-get install nginx-light)");
    let redis = RedisServer::start(&redis_server().expect("redis-server (apt-get install redis-server)"));
    let url = redis.url();
    let shared: Vec<HttpServer> = (0..3)
        .map(|_| {
            HttpServer::start_with(&example("quickstart"), &["--transport", "http", "--port", "0", "--redis", &url])
        })
        .collect();
    let alone = HttpServer::start("quickstart", "http");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    println!("| setup | session-era calls/s | stateless calls/s |");
    println!("| --- | ---: | ---: |");
    let direct = measure(&runtime, shared[0].port);
    println!("| 1 instance, no balancer (the floor) | {:.0} | {:.0} |", direct.0, direct.1);
    for pooled in [false, true] {
        for count in 1..=3 {
            let ports: Vec<u16> = shared.iter().take(count).map(|s| s.port).collect();
            let balancer =
                if pooled { Balancer::start_pooled(&nginx, &ports) } else { Balancer::start(&nginx, &ports) };
            let (session, stateless) = measure(&runtime, balancer.port);
            let how = if pooled { "pooled connections" } else { "a connection per request" };
            println!("| {count} behind nginx, {how} | {session:.0} | {stateless:.0} |");
        }
    }
    let (memory_p50, redis_p50) = (latency_p50(alone.port), latency_p50(shared[0].port));
    println!("\n| session-era call, one blocking client, direct | in-memory sessions | Redis sessions | added |");
    println!("| --- | ---: | ---: | ---: |");
    println!("| round trip p50 (ms) | {memory_p50:.3} | {redis_p50:.3} | {:.3} |", redis_p50 - memory_p50);
    let before = (redis_used_memory(redis.port), shared[0].rss_mb());
    idle_sessions(shared[0].port);
    let after = (redis_used_memory(redis.port), shared[0].rss_mb());
    println!("\n| {IDLE_SESSIONS} idle sessions | added |");
    println!("| --- | ---: |");
    println!("| Redis `used_memory` (MB) | {:.2} |", (after.0 - before.0) / 1_048_576.0);
    println!("| the instance's RSS (MB) | {:.2} |", after.1 - before.1);
}

/// The median calls per second, session-era and stateless, of
/// [`ROUNDS`] runs each against `port`.
fn measure(runtime: &tokio::runtime::Runtime, port: u16) -> (f64, f64) {
    let (mut session, mut stateless) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        session.push(runtime.block_on(throughput(port, false)));
        stateless.push(runtime.block_on(throughput(port, true)));
    }
    (median(session), median(stateless))
}

/// Calls per second from 16 async clients, each with its own session (or
/// stateless), one call at a time.
async fn throughput(port: u16, stateless: bool) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            tokio::spawn(async move {
                let mut conn = AsyncConn::open(port).await;
                let (headers, body) = match stateless {
                    true => (STATELESS_HEADERS.to_owned(), STATELESS_CALL),
                    false => (session_headers(conn.post("", INIT).await.0), CALL),
                };
                let mut calls = 0u64;
                while Instant::now() < deadline {
                    let (_, reply) = conn.post(&headers, body).await;
                    assert!(reply.contains("\"result\""), "{reply}");
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    let mut total = 0;
    for worker in workers {
        total += worker.await.expect("a worker");
    }
    total as f64 / LOAD_SECONDS as f64
}

fn latency_p50(port: u16) -> f64 {
    common::session_p50(port, 300, LATENCY_CALLS)
}

fn idle_sessions(port: u16) {
    let mut conn = Conn::open(port);
    for _ in 0..IDLE_SESSIONS {
        conn.post("", INIT);
    }
}
