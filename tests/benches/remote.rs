//! Remote serving benchmarks, in one run on one machine:
//! - WebSocket against Streamable HTTP (the quickstart example, release,
//!   over each) and against a raw tokio-tungstenite floor (`floor_websocket`);
//! - the cost of bearer-token verification (JWT, RS256, cached keys): the
//!   quickstart with `--auth-issuer` against the same binary open, and the
//!   verifier alone in-process, per algorithm, for tokens it has not seen
//!   (a signature check) and for one it has (a hash and a lookup).
//!
//! `cargo bench -p mcp-tests --bench remote`. Figures go to BENCHMARKS.md.

mod common;

use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{
    median, session_headers, AsyncConn, Conn, Floor, CALL, INIT, INITIALIZED, STATELESS_CALL, STATELESS_HEADERS,
};
use futures_util::{SinkExt, StreamExt};
use mcp_runtime::authorization::JwtVerifier;
use mcp_runtime::authorization::TokenVerifier;
use mcp_tests::authorization_server::{AuthorizationServer, KeyChoice};
use mcp_tests::{example, HttpServer};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

const CLIENTS: usize = 16;
const LOAD_SECONDS: u64 = 3;
const ROUNDS: usize = 3;
const LATENCY_CALLS: usize = 3_000;
const VERIFICATIONS: usize = 3_000;
const FRESH_TOKENS: usize = 300;

/// What a client talks to.
#[derive(Clone)]
enum Target {
    /// Streamable HTTP at /mcp: in a session, or stateless with these
    /// extra headers.
    Http { port: u16, stateless: Option<String> },
    /// A WebSocket at `url`, opened with `initialize` (the floor answers it too).
    Ws { url: String },
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    println!("{}", websocket_table(&runtime));
    println!("{}", authorization_table(&runtime));
}

fn websocket_table(runtime: &tokio::runtime::Runtime) -> String {
    let floor = Floor::start(Path::new(env!("CARGO_BIN_EXE_floor_websocket")));
    let ws = HttpServer::start("quickstart", "websocket");
    let http = HttpServer::start("quickstart", "http");
    let targets = [
        Target::Ws { url: format!("ws://127.0.0.1:{}/", floor.port) },
        Target::Ws { url: format!("ws://127.0.0.1:{}/mcp", ws.port) },
        Target::Http { port: http.port, stateless: None },
    ];
    let mut out = String::from(
        "| measure | floor (tokio-tungstenite + serde_json::Value) | quickstart, WebSocket | quickstart, Streamable HTTP session | WebSocket / floor | WebSocket / HTTP |\n\
         | --- | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for row in measure(runtime, &targets) {
        let [floor, ws, http] = row.values[..] else { unreachable!() };
        out.push_str(&format!(
            "| {} | {floor:.3} | {ws:.3} | {http:.3} | {:.2}x | {:.2}x |\n",
            row.label,
            ws / floor,
            ws / http
        ));
    }
    out
}

fn authorization_table(runtime: &tokio::runtime::Runtime) -> String {
    let auth = AuthorizationServer::start();
    let open = HttpServer::start("quickstart", "http");
    let guarded = HttpServer::start_with(
        &example("quickstart"),
        &["--transport", "http", "--port", "0", "--auth-issuer", auth.issuer()],
    );
    let token = auth.token("bench", &guarded.url()).sign();
    let bearer = format!("{STATELESS_HEADERS}Authorization: Bearer {token}\r\n");
    let targets = [
        Target::Http { port: open.port, stateless: Some(STATELESS_HEADERS.to_owned()) },
        Target::Http { port: guarded.port, stateless: Some(bearer) },
    ];
    let mut out = String::from(
        "| measure (stateless 2026-07-28 `tools/call`) | open server | with `--auth-issuer` (RS256 JWT) | ratio |\n\
         | --- | ---: | ---: | ---: |\n",
    );
    for row in measure(runtime, &targets) {
        let [open, guarded] = row.values[..] else { unreachable!() };
        out.push_str(&format!("| {} | {open:.3} | {guarded:.3} | {:.2}x |\n", row.label, guarded / open));
    }
    out.push_str(
        "\n| `JwtVerifier::verify` alone, one thread, keys cached | µs, a token seen first | µs, a token seen before |\n\
         | --- | ---: | ---: |\n",
    );
    let verifier = JwtVerifier::new(auth.issuer());
    for (name, key) in [("RS256 (2048-bit)", KeyChoice::Rsa), ("ES256", KeyChoice::Ec), ("EdDSA", KeyChoice::Ed)] {
        let fresh: Vec<String> = (0..FRESH_TOKENS)
            .map(|n| auth.token("bench", &guarded.url()).key(key).claim("jti", n.into()).sign())
            .collect();
        let (first, again) = runtime.block_on(verify_cost(&verifier, &fresh));
        out.push_str(&format!("| {name} | {first:.1} | {again:.2} |\n"));
    }
    out
}

/// Mean microseconds per verification of tokens seen for the first time,
/// then of one token seen before.
async fn verify_cost(verifier: &JwtVerifier, tokens: &[String]) -> (f64, f64) {
    let started = Instant::now();
    for token in tokens {
        verifier.verify(token).await.expect("a good token");
    }
    let first = started.elapsed().as_secs_f64() * 1e6 / tokens.len() as f64;
    let started = Instant::now();
    for _ in 0..VERIFICATIONS {
        verifier.verify(&tokens[0]).await.expect("a good token");
    }
    (first, started.elapsed().as_secs_f64() * 1e6 / VERIFICATIONS as f64)
}

struct Row {
    label: String,
    values: Vec<f64>,
}

/// Every measure for every target, with the targets' rounds alternating.
fn measure(runtime: &tokio::runtime::Runtime, targets: &[Target]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (kind, asynchronous) in [("blocking", false), ("async", true)] {
        eprintln!("{kind} clients ...");
        let mut rounds: Vec<Vec<f64>> = vec![Vec::new(); targets.len()];
        for _ in 0..ROUNDS {
            for (target, samples) in targets.iter().zip(&mut rounds) {
                samples.push(match asynchronous {
                    true => runtime.block_on(async_throughput(target)),
                    false => throughput(target),
                });
            }
        }
        let values = rounds.into_iter().map(median).collect();
        rows.push(Row { label: format!("calls/s, {CLIENTS} {kind} clients"), values });
    }
    let values = targets.iter().map(latency_p50).collect();
    rows.push(Row { label: "round trip p50, one blocking client (ms)".into(), values });
    let values = targets.iter().map(|t| runtime.block_on(async_latency_p50(t))).collect();
    rows.push(Row { label: "round trip p50, one async client (ms)".into(), values });
    rows
}

/// A blocking client of a target: one call at a time.
enum Blocking {
    Http(Conn, String, &'static str),
    Ws(tokio_tungstenite::tungstenite::WebSocket<TcpStream>),
}

impl Blocking {
    fn open(target: &Target) -> Self {
        match target {
            Target::Http { port, stateless: Some(headers) } => {
                Blocking::Http(Conn::open(*port), headers.clone(), STATELESS_CALL)
            }
            Target::Http { port, stateless: None } => {
                let mut conn = Conn::open(*port);
                let headers = session_headers(conn.post("", INIT).0);
                Blocking::Http(conn, headers, CALL)
            }
            Target::Ws { url } => {
                let request = ws_request(url);
                let host = request.uri().authority().map(|a| a.as_str().to_owned()).expect("an authority");
                let stream = TcpStream::connect(host).expect("connect");
                stream.set_nodelay(true).expect("nodelay");
                let (mut socket, _) = tokio_tungstenite::tungstenite::client(request, stream).expect("a handshake");
                socket.send(Message::text(INIT)).expect("initialize");
                socket.read().expect("initialized");
                socket.send(Message::text(INITIALIZED)).expect("initialized");
                Blocking::Ws(socket)
            }
        }
    }

    fn call(&mut self) {
        match self {
            Blocking::Http(conn, headers, body) => {
                let (_, reply) = conn.post(headers, body);
                debug_assert!(reply.contains("\"result\""), "{reply}");
            }
            Blocking::Ws(socket) => {
                socket.send(Message::text(CALL)).expect("send");
                let reply = socket.read().expect("an answer");
                debug_assert!(reply.to_text().is_ok_and(|t| t.contains("\"result\"")), "{reply}");
            }
        }
    }
}

/// An async client of a target: one call at a time.
enum Async {
    Http(AsyncConn, String, &'static str),
    Ws(tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>),
}

impl Async {
    async fn open(target: &Target) -> Self {
        match target {
            Target::Http { port, stateless: Some(headers) } => {
                Async::Http(AsyncConn::open(*port).await, headers.clone(), STATELESS_CALL)
            }
            Target::Http { port, stateless: None } => {
                let mut conn = AsyncConn::open(*port).await;
                let headers = session_headers(conn.post("", INIT).await.0);
                Async::Http(conn, headers, CALL)
            }
            Target::Ws { url } => {
                let request = ws_request(url);
                let host = request.uri().authority().map(|a| a.as_str().to_owned()).expect("an authority");
                let stream = tokio::net::TcpStream::connect(host).await.expect("connect");
                stream.set_nodelay(true).expect("nodelay");
                let (mut socket, _) = tokio_tungstenite::client_async(request, stream).await.expect("a handshake");
                socket.send(Message::text(INIT)).await.expect("initialize");
                socket.next().await.expect("an answer").expect("initialized");
                socket.send(Message::text(INITIALIZED)).await.expect("initialized");
                Async::Ws(socket)
            }
        }
    }

    async fn call(&mut self) {
        match self {
            Async::Http(conn, headers, body) => {
                conn.post(headers, body).await;
            }
            Async::Ws(socket) => {
                socket.send(Message::text(CALL)).await.expect("send");
                socket.next().await.expect("an answer").expect("an answer");
            }
        }
    }
}

fn ws_request(url: &str) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let mut request = url.into_client_request().expect("a WebSocket URL");
    request.headers_mut().insert("sec-websocket-protocol", HeaderValue::from_static("mcp"));
    request
}

fn throughput(target: &Target) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let target = target.clone();
            std::thread::spawn(move || {
                let mut client = Blocking::open(&target);
                let mut calls = 0u64;
                while Instant::now() < deadline {
                    client.call();
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    let total: u64 = workers.into_iter().map(|w| w.join().expect("worker")).sum();
    total as f64 / LOAD_SECONDS as f64
}

async fn async_throughput(target: &Target) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let target = target.clone();
            tokio::spawn(async move {
                let mut client = Async::open(&target).await;
                let mut calls = 0u64;
                while Instant::now() < deadline {
                    client.call().await;
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

fn p50(mut samples: Vec<Duration>) -> f64 {
    samples.sort_unstable();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

fn latency_p50(target: &Target) -> f64 {
    let mut client = Blocking::open(target);
    (0..300).for_each(|_| client.call());
    p50((0..LATENCY_CALLS)
        .map(|_| {
            let start = Instant::now();
            client.call();
            start.elapsed()
        })
        .collect())
}

async fn async_latency_p50(target: &Target) -> f64 {
    let mut client = Async::open(target).await;
    for _ in 0..300 {
        client.call().await;
    }
    let mut samples = Vec::with_capacity(LATENCY_CALLS);
    for _ in 0..LATENCY_CALLS {
        let start = Instant::now();
        client.call().await;
        samples.push(start.elapsed());
    }
    p50(samples)
}
