//! Tasks benchmark, in one run: the `bulletin` test server (release), its
//! task records in memory and in a real Redis. A call run as a task
//! (create, then `tasks/get` for its result) against the same call made
//! directly, one blocking client; `tasks/get` throughput with 16 async
//! clients against direct calls; and the memory 10,000 finished tasks hold.
//!
//! `cargo bench -p mcp-tests --bench tasks`. Figures go to BENCHMARKS.md.

mod common;

use std::time::{Duration, Instant};

use common::{median, redis_used_memory, AsyncConn, Conn};
use mcp_tests::redis_server::{redis_server, RedisServer};
use mcp_tests::HttpServer;

const CLIENTS: usize = 16;
const LOAD_SECONDS: u64 = 3;
const CALLS: usize = 2_000;
const FINISHED: usize = 10_000;

const META: &str = r#""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}"#;

fn bulletin() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_bulletin"))
}

fn call(tool: &str) -> (String, String) {
    let body = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{"name":"{tool}","arguments":{{"text":"hi"}},{META}}}}}"#
    );
    (format!("MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: {tool}\r\n"), body)
}

fn get(task: &str) -> (String, String) {
    let body = format!(r#"{{"jsonrpc":"2.0","id":2,"method":"tasks/get","params":{{"taskId":"{task}",{META}}}}}"#);
    (format!("MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tasks/get\r\nMcp-Name: {task}\r\n"), body)
}

fn task_id(reply: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(reply).expect("a JSON reply");
    value["result"]["taskId"].as_str().unwrap_or_else(|| panic!("a task: {reply}")).to_owned()
}

fn main() {
    let redis = RedisServer::start(&redis_server().expect("redis-server (apt-get install redis-server)"));
    let url = redis.url();
    let memory = HttpServer::start_with(&bulletin(), &["--transport", "http", "--port", "0"]);
    let shared = HttpServer::start_with(&bulletin(), &["--transport", "http", "--port", "0", "--redis", &url]);
    println!("| one blocking client, p50 (ms) | tasks in memory | tasks in Redis |");
    println!("| --- | ---: | ---: |");
    let direct = (p50(memory.port, direct_call), p50(shared.port, direct_call));
    println!("| `echo`, a direct call (the floor) | {:.3} | {:.3} |", direct.0, direct.1);
    let task = (p50(memory.port, task_call), p50(shared.port, task_call));
    println!("| `echo_task`: create, then `tasks/get` | {:.3} | {:.3} |", task.0, task.1);
    println!("| ratio | {:.2}x | {:.2}x |", task.0 / direct.0, task.1 / direct.1);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    println!("\n| {CLIENTS} async clients, requests/s | tasks in memory | tasks in Redis |");
    println!("| --- | ---: | ---: |");
    let floor = (runtime.block_on(load(memory.port, false)), runtime.block_on(load(shared.port, false)));
    println!("| `echo`, direct calls (the floor) | {:.0} | {:.0} |", floor.0, floor.1);
    let gets = (runtime.block_on(load(memory.port, true)), runtime.block_on(load(shared.port, true)));
    println!("| `tasks/get` of a finished task | {:.0} | {:.0} |", gets.0, gets.1);
    println!("| ratio | {:.2}x | {:.2}x |", gets.0 / floor.0, gets.1 / floor.1);
    let before = (memory.rss_mb(), redis_used_memory(redis.port));
    finish_tasks(memory.port);
    finish_tasks(shared.port);
    let after = (memory.rss_mb(), redis_used_memory(redis.port));
    println!("\n| {FINISHED} finished tasks | added |");
    println!("| --- | ---: |");
    println!("| the instance's RSS, tasks in memory (MB) | {:.2} |", after.0 - before.0);
    println!("| Redis `used_memory`, tasks in Redis (MB) | {:.2} |", (after.1 - before.1) / 1_048_576.0);
}

fn direct_call(conn: &mut Conn) {
    let (headers, body) = call("echo");
    let (_, reply) = conn.post(&headers, &body);
    assert!(reply.contains("\"hi\""), "{reply}");
}

fn task_call(conn: &mut Conn) {
    let (headers, body) = call("echo_task");
    let (_, reply) = conn.post(&headers, &body);
    let (headers, body) = get(&task_id(&reply));
    let (_, reply) = conn.post(&headers, &body);
    assert!(reply.contains("\"completed\"") && reply.contains("\"hi\""), "{reply}");
}

/// The median of `CALLS` runs of `once`, after 200 to warm up, in ms.
fn p50(port: u16, once: fn(&mut Conn)) -> f64 {
    let mut conn = Conn::open(port);
    for _ in 0..200 {
        once(&mut conn);
    }
    let times = (0..CALLS)
        .map(|_| {
            let start = Instant::now();
            once(&mut conn);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    median(times)
}

/// Requests per second from 16 async clients, one request at a time:
/// direct `echo` calls, or `tasks/get` of a task each client made first.
async fn load(port: u16, tasks: bool) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            tokio::spawn(async move {
                let mut conn = AsyncConn::open(port).await;
                let (headers, body) = match tasks {
                    true => {
                        let (headers, body) = call("echo_task");
                        get(&task_id(&conn.post(&headers, &body).await.1))
                    }
                    false => call("echo"),
                };
                let mut done = 0u64;
                while Instant::now() < deadline {
                    let (_, reply) = conn.post(&headers, &body).await;
                    assert!(reply.contains("\"result\""), "{reply}");
                    done += 1;
                }
                done
            })
        })
        .collect();
    let mut total = 0;
    for worker in workers {
        total += worker.await.expect("a worker");
    }
    total as f64 / LOAD_SECONDS as f64
}

/// Makes `FINISHED` tasks that finish at once (the `bulletin` server lets
/// one caller keep 20,000).
fn finish_tasks(port: u16) {
    let mut conn = Conn::open(port);
    let (headers, body) = call("echo_task");
    for _ in 0..FINISHED {
        conn.post(&headers, &body);
    }
}
