//! stdio `tools/call` benchmark: the quickstart example against the floor, a
//! hand-written synchronous serde_json loop (`floor_stdio`), in the same run
//! and over the same kind of pipe.
//!
//! `cargo bench -p mcp-tests --bench stdio`. Figures go to BENCHMARKS.md.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

const SEQUENTIAL_CALLS: usize = 20_000;
const PIPELINED_CALLS: usize = 100_000;
const WINDOW: usize = 32;
const BURST_CALLS: usize = 50_000;
const SPAWNS: usize = 50;

fn main() {
    let servers = [
        ("floor (sync serde_json loop)", PathBuf::from(env!("CARGO_BIN_EXE_floor_stdio"))),
        ("mcp-runtime quickstart", mcp_tests::example("quickstart")),
    ];
    let results: Vec<Figures> = servers.iter().map(|(name, path)| measure(name, path)).collect();
    report(&results[0], &results[1]);
}

struct Figures {
    name: String,
    p50_us: f64,
    p99_us: f64,
    pipelined_per_sec: f64,
    burst_rss_mb: f64,
    burst_peak_mb: f64,
    spawn_to_init_ms: f64,
}

fn measure(name: &str, path: &Path) -> Figures {
    eprintln!("measuring {name} ...");
    let (p50_us, p99_us) = sequential(path);
    let pipelined_per_sec = pipelined(path);
    let (burst_rss_mb, burst_peak_mb) = burst_memory(path);
    let spawn_to_init_ms = spawn_to_initialize(path);
    Figures { name: name.into(), p50_us, p99_us, pipelined_per_sec, burst_rss_mb, burst_peak_mb, spawn_to_init_ms }
}

struct Proc {
    child: Child,
    stdin: ChildStdin,
    stdout: Option<BufReader<ChildStdout>>,
}

impl Proc {
    fn start(path: &Path) -> Self {
        let mut child = Command::new(path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().map(BufReader::new);
        Proc { child, stdin, stdout }
    }

    fn initialized(path: &Path) -> Self {
        let mut p = Self::start(path);
        p.send(INITIALIZE.as_bytes());
        p.read_line();
        p.send(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
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

fn call(id: usize) -> String {
    format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tools/call\",\"params\":{{\"name\":\"add_numbers\",\"arguments\":{{\"a\":{id},\"b\":3}}}}}}\n"
    )
}

fn sequential(path: &Path) -> (f64, f64) {
    let mut p = Proc::initialized(path);
    for id in 1..=1000 {
        p.send(call(id).as_bytes());
        p.read_line();
    }
    let mut samples = Vec::with_capacity(SEQUENTIAL_CALLS);
    for id in 1..=SEQUENTIAL_CALLS {
        let request = call(id);
        let start = Instant::now();
        p.send(request.as_bytes());
        let reply = p.read_line();
        samples.push(start.elapsed());
        debug_assert!(reply.contains(&format!("\"id\":{id}")));
    }
    p.stop();
    samples.sort_unstable();
    (micros(samples[samples.len() / 2]), micros(samples[samples.len() * 99 / 100]))
}

fn pipelined(path: &Path) -> f64 {
    let mut p = Proc::initialized(path);
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

fn burst_memory(path: &Path) -> (f64, f64) {
    let mut p = Proc::initialized(path);
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
    let mut samples: Vec<Duration> = (0..SPAWNS)
        .map(|_| {
            let start = Instant::now();
            let mut p = Proc::start(path);
            p.send(INITIALIZE.as_bytes());
            p.read_line();
            let elapsed = start.elapsed();
            p.stop();
            elapsed
        })
        .collect();
    samples.sort_unstable();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn report(floor: &Figures, ours: &Figures) {
    println!("| measure | {} | {} | ratio |", floor.name, ours.name);
    println!("| --- | ---: | ---: | ---: |");
    row("sequential round trip p50 (µs)", floor.p50_us, ours.p50_us);
    row("sequential round trip p99 (µs)", floor.p99_us, ours.p99_us);
    row(&format!("pipelined calls/s ({WINDOW} in flight)"), floor.pipelined_per_sec, ours.pipelined_per_sec);
    row(&format!("RSS after {BURST_CALLS}-call burst (MB)"), floor.burst_rss_mb, ours.burst_rss_mb);
    row("peak RSS during the burst (MB)", floor.burst_peak_mb, ours.burst_peak_mb);
    row("spawn to initialize answered, median (ms)", floor.spawn_to_init_ms, ours.spawn_to_init_ms);
}

fn row(label: &str, floor: f64, ours: f64) {
    println!("| {label} | {floor:.1} | {ours:.1} | {:.2}x |", ours / floor);
}
