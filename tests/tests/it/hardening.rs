//! The hostile review's findings, each as an attacker would try it against
//! a real server process: what it costs the server, and that the server
//! goes on serving.

use mcp_tests::{example, HttpServer, StdioServer};
use serde_json::{json, Value};

const JSON_AND_SSE: (&str, &str) = ("Accept", "application/json, text/event-stream");
const CONTENT_JSON: (&str, &str) = ("Content-Type", "application/json");

fn quickstart() -> StdioServer {
    let mut server = StdioServer::spawn(&example("quickstart"), &[]);
    server.initialize("2025-11-25");
    server
}

fn read(uri: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": 7, "method": "resources/read", "params": {"uri": uri}})
}

/// The error of an answer, as (code, message).
fn error_of(reply: &Value) -> (i64, String) {
    let error = &reply["error"];
    let code = error["code"].as_i64().unwrap_or_else(|| panic!("not an error: {reply}"));
    (code, error["message"].as_str().unwrap_or_default().to_owned())
}

/// A Streamable HTTP session on `server`; its id.
fn open_session(server: &HttpServer, capabilities: &Value) -> String {
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": capabilities, "clientInfo": {"name": "t", "version": "0"}}});
    let r = server.request("POST", "/mcp", &[JSON_AND_SSE, CONTENT_JSON], init.to_string().as_bytes());
    assert_eq!(r.status, 200, "{r:?}");
    r.header("mcp-session-id").expect("a session id").to_owned()
}

fn post(server: &HttpServer, session: &str, body: &Value) -> mcp_tests::HttpResponse {
    let headers = [JSON_AND_SSE, CONTENT_JSON, ("Mcp-Session-Id", session), ("MCP-Protocol-Version", "2025-11-25")];
    server.request("POST", "/mcp", &headers, body.to_string().as_bytes())
}

mod templates {
    use super::*;

    #[test]
    fn a_megabyte_uri_is_refused_before_it_is_matched() {
        // Matching tried every prefix of the URI and decoded each: a 1 MB
        // URI against `weather://{city}/current` took hours of CPU.
        let mut server = quickstart();
        let uri = format!("weather://{}/current", "%41".repeat(350_000));
        server.send(&read(&uri));
        let (code, message) = error_of(&server.recv());
        assert_eq!(code, -32602);
        assert!(message.contains("longer than the 4096-byte limit"), "{message}");
        server.send(&json!({"jsonrpc": "2.0", "id": 8, "method": "resources/subscribe", "params": {"uri": uri}}));
        assert_eq!(error_of(&server.recv()).0, -32602);
        assert_eq!(server.request("ping", json!({}))["result"], json!({}));
    }

    #[test]
    fn a_single_segment_variable_never_binds_a_decoded_separator() {
        let mut server = quickstart();
        for city in ["%2Fetc%2Fpasswd", "a%2Fb", "a%5Cb", "a%00b", ".."] {
            server.send(&read(&format!("weather://{city}/current")));
            let (code, message) = error_of(&server.recv());
            assert_eq!(code, -32602, "{city}: {message}");
            assert!(message.contains("`city`"), "{city}: {message}");
        }
        let paris = server.request("resources/read", json!({"uri": "weather://Paris/current"}));
        assert!(paris["result"]["contents"][0]["text"].as_str().is_some_and(|t| t.contains("Paris")), "{paris}");
    }

    #[test]
    fn over_http_the_same_uris_are_refused_and_the_server_goes_on() {
        let server = HttpServer::start("quickstart", "http");
        let session = open_session(&server, &json!({}));
        let long = format!("weather://{}/current", "a".repeat(40_000));
        for uri in [long.as_str(), "weather://%2Fetc%2Fpasswd/current"] {
            let reply = post(&server, &session, &read(uri));
            assert_eq!(reply.status, 200, "{reply:?}");
            assert_eq!(error_of(&reply.json()).0, -32602);
        }
        let ping = post(&server, &session, &json!({"jsonrpc": "2.0", "id": 9, "method": "ping"}));
        assert_eq!(ping.json()["result"], json!({}));
    }
}

/// One command to a Redis on 127.0.0.1:`port`, in RESP; its raw reply.
fn redis_command(port: u16, args: &[&str]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect to redis");
    stream.set_read_timeout(Some(std::time::Duration::from_millis(300))).expect("timeout");
    let mut command = format!("*{}\r\n", args.len());
    for arg in args {
        command.push_str(&format!("${}\r\n{arg}\r\n", arg.len()));
    }
    stream.write_all(command.as_bytes()).expect("send to redis");
    let mut reply = Vec::new();
    let mut chunk = [0u8; 65536];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8_lossy(&reply).into_owned()
}

/// The integer in a RESP integer reply (`:5\r\n`).
fn redis_integer(reply: &str) -> i64 {
    reply.trim().trim_start_matches(':').parse().unwrap_or_else(|_| panic!("not an integer reply: {reply:?}"))
}

mod client_profiles {
    use super::*;
    use mcp_tests::redis_server::{redis_server, RedisServer};

    /// `[0,0,…]`: 3.8 MB that a JSON tree holds in about 62 MB. Kept as
    /// text, so that this test process stays small.
    fn huge_capabilities() -> Value {
        let text = format!(r#"{{"experimental":{{"pad":[{}0]}}}}"#, "0,".repeat(1_900_000));
        Value::String(text)
    }

    /// `body` as JSON text, with each string made by [`huge_capabilities`]
    /// put back as the raw JSON it holds.
    fn with_raw_capabilities(body: &Value) -> Vec<u8> {
        let text = body.to_string();
        let raw = huge_capabilities();
        let quoted = raw.to_string();
        text.replace(&quoted, raw.as_str().unwrap_or_default()).into_bytes()
    }

    #[test]
    fn initialize_refuses_capabilities_larger_than_a_session_keeps() {
        let server = HttpServer::start("quickstart", "http");
        let before = server.rss_mb();
        for _ in 0..10 {
            let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-11-25", "capabilities": huge_capabilities(),
                "clientInfo": {"name": "t", "version": "0"}}});
            let r = server.request("POST", "/mcp", &[JSON_AND_SSE, CONTENT_JSON], &with_raw_capabilities(&init));
            let (code, message) = error_of(&r.json());
            assert_eq!(code, -32602, "{message}");
            assert!(message.contains("at most 16384"), "{message}");
            assert!(r.header("mcp-session-id").is_none(), "a refused initialize opens no session");
        }
        // Each kept 62 MB before (620 MB here); refused, they keep nothing.
        let grown = server.rss_mb() - before;
        assert!(grown < 60.0, "the server grew by {grown:.0} MB");
        let session = open_session(&server, &json!({"roots": {}}));
        assert_eq!(post(&server, &session, &json!({"jsonrpc": "2.0", "id": 2, "method": "ping"})).status, 200);
    }

    #[test]
    fn a_stateless_request_with_oversized_capabilities_is_refused() {
        let server = HttpServer::start("quickstart", "http");
        let meta = json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": huge_capabilities()});
        let body = json!({"jsonrpc": "2.0", "id": 3, "method": "tools/list", "params": {"_meta": meta}});
        let headers =
            [JSON_AND_SSE, CONTENT_JSON, ("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/list")];
        let r = server.request("POST", "/mcp", &headers, &with_raw_capabilities(&body));
        assert_eq!(error_of(&r.json()).0, -32602, "{r:?}");
    }

    #[test]
    fn over_stdio_a_refused_initialize_leaves_the_session_new() {
        let mut server = StdioServer::spawn(&example("quickstart"), &[]);
        let params = json!({"protocolVersion": "2025-11-25", "capabilities": huge_capabilities(),
            "clientInfo": {"name": "t", "version": "0"}});
        let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params});
        server.send_raw(&with_raw_capabilities(&init));
        assert_eq!(error_of(&server.recv()).0, -32602);
        assert_eq!(server.initialize("2025-11-25")["result"]["protocolVersion"], "2025-11-25");
    }

    #[test]
    fn a_shared_session_is_written_only_when_it_changes_and_the_store_keeps_a_bounded_number() {
        let Some(program) = redis_server() else { return };
        let redis = RedisServer::start(&program);
        let url = redis.url();
        let server =
            HttpServer::start_with(&example("quickstart"), &["--transport", "http", "--port", "0", "--redis", &url]);
        let session = open_session(&server, &json!({}));
        let saves = || redis_command(redis.port, &["INFO", "commandstats"]);
        let set_level = json!({"jsonrpc": "2.0", "id": 4, "method": "logging/setLevel", "params": {"level": "debug"}});
        assert_eq!(post(&server, &session, &set_level).status, 200);
        let after_first = saves();
        assert_eq!(post(&server, &session, &set_level).status, 200);
        assert_eq!(eval_calls(&saves()), eval_calls(&after_first), "an unchanged session is not written again");
        // 1,000 records at most (the instance's own cap); the oldest go.
        for _ in 0..1_010 {
            open_session(&server, &json!({}));
        }
        let kept = redis_integer(&redis_command(redis.port, &["ZCARD", "mcp:sessions"]));
        assert_eq!(kept, 1000);
        let records = redis_command(redis.port, &["EVAL", "return #redis.call('KEYS', 'mcp:session:*')", "0"]);
        assert_eq!(redis_integer(&records), 1000);
        assert_eq!(post(&server, &session, &json!({"jsonrpc": "2.0", "id": 5, "method": "ping"})).status, 404);
    }

    /// How many `EVAL`s (session saves) Redis has run, from `INFO commandstats`.
    fn eval_calls(stats: &str) -> u64 {
        let line = stats.lines().find(|l| l.starts_with("cmdstat_eval:")).unwrap_or_else(|| panic!("{stats}"));
        let calls = line.split(['=', ',']).nth(1).expect("calls=N");
        calls.parse().expect("a count")
    }
}

mod client {
    use std::io::Write;
    use std::net::{TcpListener, TcpStream};
    use std::time::Duration;

    use mcp_runtime::client::{Client, ClientOptions};

    fn read_request(stream: &TcpStream) -> String {
        mcp_tests::read_request(stream).0
    }

    fn own_rss_mb() -> f64 {
        mcp_tests::rss_mb_of(std::process::id())
    }

    #[tokio::test]
    async fn a_huge_answer_body_is_cut_at_the_limit_not_held() {
        // It measures this process's memory: alone, not beside other tests.
        if !mcp_tests::in_own_process("hardening::client::a_huge_answer_body_is_cut_at_the_limit_not_held") {
            return;
        }
        // A server that answers initialize with 256 MB of JSON-looking bytes.
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                read_request(&stream);
                let mut stream = stream;
                let size = 256usize << 20;
                let head =
                    format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n");
                let _ = stream.write_all(head.as_bytes());
                let chunk = vec![b' '; 1 << 20];
                for _ in 0..256 {
                    if stream.write_all(&chunk).is_err() {
                        break;
                    }
                }
            }
        });
        let before = own_rss_mb();
        let options = ClientOptions::named("huge").timeout(Duration::from_secs(20));
        let outcome = Client::streamable_http(&format!("http://127.0.0.1:{port}/mcp"), options).await;
        assert!(outcome.is_err(), "a body over the limit is no answer");
        let grown = own_rss_mb() - before;
        assert!(grown < 64.0, "the client grew by {grown:.0} MB reading a 256 MB body");
    }

    #[tokio::test]
    async fn oauth_discovery_does_not_follow_a_challenge_to_another_origin() {
        use mcp_runtime::client::oauth::{FollowRedirects, OAuth};
        let internal = TcpListener::bind("127.0.0.1:0").expect("bind");
        let internal_port = internal.local_addr().expect("addr").port();
        internal.set_nonblocking(true).expect("nonblocking");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                read_request(&stream);
                let challenge = format!(
                    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer resource_metadata=\
                     \"http://127.0.0.1:{internal_port}/internal/admin/reset-everything\"\r\n\
                     Content-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = stream.write_all(challenge.as_bytes());
            }
        });
        let oauth = OAuth::new(FollowRedirects::new("http://127.0.0.1:9/callback"));
        let options = ClientOptions::named("ssrf").oauth(oauth).timeout(Duration::from_secs(10));
        let refused = Client::streamable_http(&format!("http://127.0.0.1:{port}/mcp"), options).await.err();
        let refused = refused.expect("no login");
        assert!(refused.to_string().contains("not on"), "{refused}");
        assert!(internal.accept().is_err(), "the internal service saw no request");
    }

    #[tokio::test]
    async fn a_legacy_endpoint_on_another_origin_is_refused_and_gets_nothing() {
        let elsewhere = TcpListener::bind("127.0.0.1:0").expect("bind");
        let other_port = elsewhere.local_addr().expect("addr").port();
        elsewhere.set_nonblocking(true).expect("nonblocking");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        std::thread::spawn(move || {
            if let Some(mut stream) = listener.incoming().flatten().next() {
                read_request(&stream);
                let event = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n\
                     event: endpoint\ndata: http://127.0.0.1:{other_port}/messages/?session_id=1\n\n"
                );
                let _ = stream.write_all(event.as_bytes());
                std::thread::sleep(Duration::from_secs(5));
            }
        });
        let options = ClientOptions::named("sse").timeout(Duration::from_secs(10));
        let refused = Client::sse(&format!("http://127.0.0.1:{port}/sse"), options).await.err().expect("refused");
        assert!(refused.to_string().contains("another origin"), "{refused}");
        assert!(elsewhere.accept().is_err(), "nothing reached the other origin");
    }
}

mod sockets {
    use std::io::ErrorKind;
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    use mcp_tests::HttpServer;
    use serde_json::json;
    use tokio_tungstenite::tungstenite::{self, Message};

    type Socket = tungstenite::WebSocket<TcpStream>;

    fn open(server: &HttpServer) -> Socket {
        let stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        // A server that stops reading too must not hang the test.
        stream.set_write_timeout(Some(Duration::from_secs(5))).expect("timeout");
        let url = format!("ws://127.0.0.1:{}/mcp", server.port);
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("upgraded");
        socket
    }

    /// Reads until the server ends the socket; how long that took.
    fn until_closed(socket: &mut Socket, within: Duration) -> Duration {
        let started = Instant::now();
        socket.get_mut().set_read_timeout(Some(Duration::from_secs(1))).expect("timeout");
        loop {
            match socket.read() {
                Ok(Message::Close(_))
                | Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {
                    return started.elapsed();
                }
                Err(tungstenite::Error::Io(e))
                    if e.kind() != ErrorKind::WouldBlock && e.kind() != ErrorKind::TimedOut =>
                {
                    return started.elapsed();
                }
                Err(tungstenite::Error::Protocol(_)) => return started.elapsed(),
                _ => assert!(started.elapsed() < within, "the server kept a socket whose client stopped reading"),
            }
        }
    }

    #[test]
    fn a_websocket_client_that_stops_reading_is_closed_and_frees_its_slot() {
        let server = HttpServer::start("quickstart", "http");
        let mut socket = open(&server);
        // 400 pings with 64 KB ids: 26 MB of answers nobody reads. The old
        // loop awaited each send, so nothing (pings, expiry, eviction, the
        // overflow close) could fire again.
        let id = "i".repeat(64 * 1024);
        for n in 0..400 {
            let ping = json!({"jsonrpc": "2.0", "id": format!("{id}{n}"), "method": "ping"});
            if socket.send(Message::text(ping.to_string())).is_err() {
                break; // the server closed it already
            }
        }
        until_closed(&mut socket, mcp_tests::STUCK);
        let mut fresh = open(&server);
        let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}});
        fresh.send(Message::text(init.to_string())).expect("send");
        let answer = fresh.read().expect("an answer");
        assert!(answer.to_text().unwrap_or_default().contains("serverInfo"), "{answer:?}");
    }
}

mod legacy_sse {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpStream;

    use mcp_tests::{HttpServer, STUCK};
    use serde_json::json;

    /// POSTs `body` to `path`; the status. A server that answers before it
    /// has read the body (a 404 for a closed session) may close the
    /// connection under the write: the answer is read all the same.
    fn post_status(port: u16, path: &str, body: &[u8]) -> u16 {
        use std::io::Read;
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(STUCK)).expect("timeout");
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Connection: close\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
        let mut status = [0u8; 12];
        match stream.read_exact(&mut status) {
            Ok(()) => String::from_utf8_lossy(&status[9..12]).parse().unwrap_or(0),
            Err(_) => 0,
        }
    }

    #[test]
    fn a_client_that_never_reads_its_stream_cannot_grow_the_server() {
        let server = HttpServer::start("quickstart", "http");
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        stream.set_read_timeout(Some(STUCK)).expect("timeout");
        write!(stream, "GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").expect("send");
        let mut events = BufReader::new(stream);
        let endpoint = loop {
            let mut line = String::new();
            events.read_line(&mut line).expect("read the stream");
            if let Some(path) = line.trim().strip_prefix("data: /messages/") {
                break format!("/messages/{path}");
            }
        };
        let post = |body: &serde_json::Value| post_status(server.port, &endpoint, body.to_string().as_bytes());
        let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}});
        assert_eq!(post(&init), 202);
        let before = server.rss_mb();
        // From here on the stream is never read: 160 batches of 64 pings
        // with 16 KB ids, 160 MB of answers. The server held them all (in
        // spawned tasks past 4,096 frames) and grew by 160 MB.
        let id = "i".repeat(16 * 1024);
        let mut statuses = Vec::new();
        for n in 0..160 {
            let batch: Vec<_> =
                (0..64).map(|k| json!({"jsonrpc": "2.0", "id": format!("{id}-{n}-{k}"), "method": "ping"})).collect();
            statuses.push(post(&json!(batch)));
            if statuses.last() != Some(&202) {
                break;
            }
        }
        let grown = server.rss_mb() - before;
        assert!(grown < 60.0, "the server grew by {grown:.0} MB for a stream nobody reads");
        // 404, or a reset when the server closed before reading the body.
        let last = statuses.last().copied();
        assert!(matches!(last, Some(404 | 0)), "the stream was closed, and its session with it: {statuses:?}");
        assert!(statuses.len() > 8, "the first 8 MiB of answers were queued: {statuses:?}");
        let session = super::open_session(&server, &json!({}));
        let ping = super::post(&server, &session, &json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}));
        assert_eq!(ping.status, 200, "the server goes on serving");
    }
}

mod standing_streams {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use mcp_tests::{HttpServer, STUCK};
    use serde_json::json;

    /// Opens `GET /sse` and reads the status line.
    fn open_sse(port: u16) -> (TcpStream, u16) {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(STUCK)).expect("timeout");
        write!(stream, "GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").expect("send");
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).expect("a status line");
        let status = String::from_utf8_lossy(&head[9..12]).parse().unwrap_or(0);
        (stream, status)
    }

    #[test]
    fn one_peer_holds_a_bounded_number_of_standing_streams_and_newcomers_still_get_in() {
        // One peer opened 990 GET /sse and 34 GET streams and sent
        // nothing: every connection slot was taken, and a new client could
        // not initialize.
        let server = HttpServer::start("quickstart", "http");
        let held: Vec<_> = (0..64).map(|_| open_sse(server.port)).collect();
        assert!(held.iter().all(|(_, status)| *status == 200));
        let (_, refused) = open_sse(server.port);
        assert_eq!(refused, 503, "the 65th standing stream of one peer");
        let session = super::open_session(&server, &json!({}));
        let ping = super::post(&server, &session, &json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}));
        assert_eq!(ping.status, 200, "a new client still gets in");
        drop(held);
    }
}

mod cancellation {
    use mcp_tests::HttpServer;
    use serde_json::{json, Value};
    use tokio_tungstenite::tungstenite::{self, Message};

    /// More calls than run at once plus the 256 the queue once held by
    /// count: the old reader stopped at the 321st, before the cancels.
    const CALLS: i64 = 400;
    /// The calls that run at once (`max_in_flight`), cancelled first.
    const RUNNING: i64 = 64;

    fn long_task(id: i64) -> Value {
        json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {
            "name": "long_task", "arguments": {"steps": 100}, "_meta": {"progressToken": id}}})
    }

    fn cancel(id: i64) -> Value {
        json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": id}})
    }

    /// What arrives up to and including the answer to `id`.
    fn until_answer(recv: &mut impl FnMut() -> Value, id: &str) -> Vec<Value> {
        let mut seen = Vec::new();
        loop {
            let message = recv();
            let done = message["id"] == id;
            seen.push(message);
            if done {
                return seen;
            }
        }
    }

    fn progress_of(message: &Value) -> Option<i64> {
        (message["method"] == "notifications/progress").then(|| message["params"]["progressToken"].as_i64())?
    }

    /// Pipelines 400 one-second calls, cancels the 64 running ones, and
    /// pings. Each call takes a second, so an answer before the ping's
    /// means a cancel was read only after a call ended. Once the ping is
    /// answered every cancel has been read: a cancelled call may still be
    /// mid-step then, so it sends at most one more progress.
    fn cancels_behind_pipelined_calls_stop_them(mut send: impl FnMut(&Value), mut recv: impl FnMut() -> Value) {
        (1..=CALLS).for_each(|id| send(&long_task(id)));
        (1..=RUNNING).for_each(|id| send(&cancel(id)));
        send(&json!({"jsonrpc": "2.0", "id": "first", "method": "ping"}));
        let before = until_answer(&mut recv, "first");
        let answered: Vec<&Value> = before.iter().filter_map(|m| m.get("id")).collect();
        assert_eq!(answered.len(), 1, "no call ran to its end before the ping was read: {answered:?}");
        (RUNNING + 1..=CALLS).for_each(|id| send(&cancel(id)));
        send(&json!({"jsonrpc": "2.0", "id": "second", "method": "ping"}));
        let after = until_answer(&mut recv, "second");
        for id in 1..=RUNNING {
            let late = after.iter().filter(|m| progress_of(m) == Some(id)).count();
            assert!(late <= 1, "call {id} sent {late} progress steps after its cancel was read");
        }
        let results = after.iter().filter(|m| m["id"].as_i64().is_some_and(|id| id <= RUNNING)).count();
        assert_eq!(results, 0, "a cancelled call is not answered");
    }

    #[test]
    fn over_stdio_a_cancel_behind_hundreds_of_pipelined_calls_stops_its_call() {
        let mut server = super::quickstart();
        let stdin = std::cell::RefCell::new(&mut server);
        cancels_behind_pipelined_calls_stop_them(
            |message| stdin.borrow_mut().send(message),
            || stdin.borrow_mut().recv(),
        );
    }

    #[test]
    fn over_websocket_a_cancel_behind_hundreds_of_pipelined_calls_stops_its_call() {
        let server = HttpServer::start("quickstart", "http");
        let url = format!("ws://127.0.0.1:{}/mcp", server.port);
        let (socket, _) = tungstenite::connect(url.as_str()).expect("upgraded");
        let socket = std::cell::RefCell::new(socket);
        let send = |message: &Value| socket.borrow_mut().send(Message::text(message.to_string())).expect("sent");
        let mut recv = || loop {
            match socket.borrow_mut().read().expect("the socket stays open") {
                Message::Text(text) => return serde_json::from_str::<Value>(&text).expect("JSON"),
                _ => continue,
            }
        };
        send(&json!({"jsonrpc": "2.0", "id": "init", "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}}));
        until_answer(&mut recv, "init");
        send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        cancels_behind_pipelined_calls_stop_them(send, recv);
    }
}
