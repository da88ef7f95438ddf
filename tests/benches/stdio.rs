//! stdio `tools/call` benchmark: the quickstart example against the floor, a
//! hand-written synchronous serde_json loop (`floor_stdio`), in the same run
//! and over the same kind of pipe, driven by a blocking client and by an
//! async (tokio) client, as agent hosts are. Also: the cost of three trivial
//! middleware layers, and process start to `initialize` answered.
//!
//! `cargo bench -p mcp-tests --bench stdio`. Figures go to BENCHMARKS.md.
//! Each measure runs `ROUNDS` times, alternating the servers, and the
//! median is reported, so that a noisy neighbour hits both sides alike.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

const ROUNDS: usize = 5;
const SEQUENTIAL_CALLS: usize = 20_000;
const PIPELINED_CALLS: usize = 100_000;
const WINDOW: usize = 32;
const BURST_CALLS: usize = 50_000;
const SPAWNS: usize = 50;

fn main() {
    let floor = PathBuf::from(env!("CARGO_BIN_EXE_floor_stdio"));
    let ours = mcp_tests::example("quickstart");
    let layered = PathBuf::from(env!("CARGO_BIN_EXE_bench_layers"));
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mut rows = Vec::new();
    let mut measure = |labels: &[&str], run: &dyn Fn(&Path) -> Vec<f64>| {
        let (x, y) = alternate(|| run(&floor), || run(&ours));
        rows.extend(labels.iter().enumerate().map(|(i, label)| ((*label).to_owned(), x[i], y[i])));
    };
    eprintln!("blocking client ...");
    measure(
        &["sequential round trip p50, blocking client (µs)", "sequential round trip p99, blocking client (µs)"],
        &|p| {
            let (p50, p99) = sequential_with(p, &[]);
            vec![p50, p99]
        },
    );
    measure(&["pipelined calls/s, blocking client (32 in flight)"], &|p| vec![pipelined(p)]);
    eprintln!("async client ...");
    measure(
        &["sequential round trip p50, async client (µs)", "sequential round trip p99, async client (µs)"],
        &|p| {
            let (p50, p99) = runtime.block_on(async_sequential_with(p, &[]));
            vec![p50, p99]
        },
    );
    measure(&["pipelined calls/s, async client (32 in flight)"], &|p| vec![runtime.block_on(async_pipelined(p))]);
    eprintln!("memory and start-up ...");
    measure(&["RSS after a 50,000-call burst (MB)", "peak RSS during the burst (MB)"], &|p| {
        let (rss, peak) = burst_memory(p);
        vec![rss, peak]
    });
    measure(&["spawn to initialize answered, median of 50 (ms)"], &|p| vec![spawn_to_initialize(p)]);
    report("floor (sync serde_json loop)", "mcp-runtime quickstart", &rows);

    eprintln!("middleware ...");
    let layers = |count: &'static str| [("MCP_BENCH_LAYERS", count)];
    let (none, three) = alternate(
        || {
            let (a, _) = runtime.block_on(async_sequential_with(&layered, &layers("0")));
            vec![a, sequential_with(&layered, &layers("0")).0]
        },
        || {
            let (a, _) = runtime.block_on(async_sequential_with(&layered, &layers("3")));
            vec![a, sequential_with(&layered, &layers("3")).0]
        },
    );
    let layer_rows = vec![
        ("sequential round trip p50, async client (µs)".to_owned(), none[0], three[0]),
        ("sequential round trip p50, blocking client (µs)".to_owned(), none[1], three[1]),
    ];
    report("no layers", "three pass-through layers", &layer_rows);
}

/// Runs `a` and `b` alternately `ROUNDS` times; the median of each figure.
fn alternate(mut a: impl FnMut() -> Vec<f64>, mut b: impl FnMut() -> Vec<f64>) -> (Vec<f64>, Vec<f64>) {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        xs.push(a());
        ys.push(b());
    }
    (medians(&xs), medians(&ys))
}

/// The median of each column.
fn medians(rounds: &[Vec<f64>]) -> Vec<f64> {
    (0..rounds[0].len()).map(|i| median(rounds.iter().map(|r| r[i]).collect())).collect()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

struct Proc {
    child: Child,
    stdin: ChildStdin,
    stdout: Option<BufReader<ChildStdout>>,
}

impl Proc {
    fn start(path: &Path, env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(path)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().map(BufReader::new);
        Proc { child, stdin, stdout }
    }

    fn initialized(path: &Path, env: &[(&str, &str)]) -> Self {
        let mut p = Self::start(path, env);
        p.send(INITIALIZE.as_bytes());
        p.read_line();
        p.send(INITIALIZED.as_bytes());
        p
    }

    fn send(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn read_line(&mut self) -> String {
        let mut line = String::new();
        let stdout = self.stdout.as_mut().expect("stdout is still here");
        let n = stdout.read_line(&mut line).expect("read");
        assert!(n > 0, "server closed stdout");
        line
    }

    fn stop(mut self) {
        drop(self.stdin);
        let _ = self.child.wait();
    }
}

const INITIALIZE: &str = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"0\"}}}\n";
const INITIALIZED: &str = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n";

fn call(id: usize) -> String {
    format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tools/call\",\"params\":{{\"name\":\"add_numbers\",\"arguments\":{{\"a\":{id},\"b\":3}}}}}}\n"
    )
}

fn sequential_with(path: &Path, env: &[(&str, &str)]) -> (f64, f64) {
    let mut p = Proc::initialized(path, env);
    for id in 1..=1000 {
        p.send(call(id).as_bytes());
        p.read_line();
    }
    let mut samples = Vec::with_capacity(SEQUENTIAL_CALLS);
    for id in 1..=SEQUENTIAL_CALLS {
        let request = call(id);
        let start = Instant::now();
        p.send(request.as_bytes());
        p.read_line();
        samples.push(start.elapsed());
    }
    p.stop();
    percentiles(samples)
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort_unstable();
    (micros(samples[samples.len() / 2]), micros(samples[samples.len() * 99 / 100]))
}

fn pipelined(path: &Path) -> f64 {
    let mut p = Proc::initialized(path, &[]);
    let start = Instant::now();
    let (mut sent, mut received) = (0, 0);
    while received < PIPELINED_CALLS {
        let mut batch = String::new();
        while sent < PIPELINED_CALLS && sent - received < WINDOW {
            sent += 1;
            batch.push_str(&call(sent));
        }
        if !batch.is_empty() {
            p.send(batch.as_bytes());
        }
        p.read_line();
        received += 1;
    }
    let elapsed = start.elapsed();
    p.stop();
    PIPELINED_CALLS as f64 / elapsed.as_secs_f64()
}

/// The server as an async client sees it: tokio's process pipes.
struct AsyncProc {
    child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    lines: tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
}

impl AsyncProc {
    async fn initialized(path: &Path, env: &[(&str, &str)]) -> Self {
        let mut child = tokio::process::Command::new(path)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("server starts");
        let stdin = child.stdin.take().expect("stdin");
        let lines = tokio::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut p = AsyncProc { child, stdin, lines };
        p.send(INITIALIZE.as_bytes()).await;
        p.read_line().await;
        p.send(INITIALIZED.as_bytes()).await;
        p
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).await.expect("write");
        self.stdin.flush().await.expect("flush");
    }

    async fn read_line(&mut self) -> String {
        self.lines.next_line().await.expect("read").expect("server closed stdout")
    }

    async fn stop(self) {
        drop(self.stdin);
        let mut child = self.child;
        let _ = child.wait().await;
    }
}

async fn async_sequential_with(path: &Path, env: &[(&str, &str)]) -> (f64, f64) {
    let mut p = AsyncProc::initialized(path, env).await;
    for id in 1..=1000 {
        p.send(call(id).as_bytes()).await;
        p.read_line().await;
    }
    let mut samples = Vec::with_capacity(SEQUENTIAL_CALLS);
    for id in 1..=SEQUENTIAL_CALLS {
        let request = call(id);
        let start = Instant::now();
        p.send(request.as_bytes()).await;
        p.read_line().await;
        samples.push(start.elapsed());
    }
    p.stop().await;
    percentiles(samples)
}

async fn async_pipelined(path: &Path) -> f64 {
    let mut p = AsyncProc::initialized(path, &[]).await;
    let start = Instant::now();
    let (mut sent, mut received) = (0, 0);
    while received < PIPELINED_CALLS {
        let mut batch = String::new();
        while sent < PIPELINED_CALLS && sent - received < WINDOW {
            sent += 1;
            batch.push_str(&call(sent));
        }
        if !batch.is_empty() {
            p.send(batch.as_bytes()).await;
        }
        p.read_line().await;
        received += 1;
    }
    let elapsed = start.elapsed();
    p.stop().await;
    PIPELINED_CALLS as f64 / elapsed.as_secs_f64()
}

fn burst_memory(path: &Path) -> (f64, f64) {
    let mut p = Proc::initialized(path, &[]);
    let pid = p.child.id();
    let mut stdout = p.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut line = String::new();
        for _ in 0..BURST_CALLS {
            line.clear();
            stdout.read_line(&mut line).expect("read");
        }
    });
    let mut all = String::with_capacity(BURST_CALLS * 100);
    for id in 1..=BURST_CALLS {
        all.push_str(&call(id));
    }
    p.send(all.as_bytes());
    reader.join().expect("reader");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb = |key: &str| -> f64 {
        let line = status.lines().find(|l| l.starts_with(key)).unwrap_or("");
        line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
    };
    let figures = (kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0);
    p.stop();
    figures
}

fn spawn_to_initialize(path: &Path) -> f64 {
    let samples: Vec<f64> = (0..SPAWNS)
        .map(|_| {
            let start = Instant::now();
            let mut p = Proc::start(path, &[]);
            p.send(INITIALIZE.as_bytes());
            p.read_line();
            let elapsed = start.elapsed();
            p.stop();
            elapsed.as_secs_f64() * 1000.0
        })
        .collect();
    median(samples)
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn report(left: &str, right: &str, rows: &[(String, f64, f64)]) {
    println!("\n| measure | {left} | {right} | ratio |");
    println!("| --- | ---: | ---: | ---: |");
    for (label, a, b) in rows {
        println!("| {label} | {a:.1} | {b:.1} | {:.2}x |", b / a);
    }
}
