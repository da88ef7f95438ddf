//! Instances behind a real load balancer (nginx, round-robin per request,
//! no stickiness): 2026-07-28 `input_required` rounds that start on one
//! instance and are answered on another, with a shared request-state key;
//! session-era sessions shared through a real Redis; Redis going down.

use mcp_tests::balancer::{nginx, Balancer};
use mcp_tests::redis_server::{redis_server, RedisServer};
use mcp_tests::{example, python_with_sdk, run_python, HttpServer};

fn bulletin() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_bulletin"))
}

const SECRET: &str = "a request-state secret every instance shares";

fn instances(count: usize, extra: &[&str]) -> Vec<HttpServer> {
    let mut args = vec!["--transport", "http", "--port", "0"];
    args.extend_from_slice(extra);
    (0..count).map(|_| HttpServer::start_with(&example("interactive"), &args)).collect()
}

fn ports(servers: &[HttpServer]) -> Vec<u16> {
    servers.iter().map(|s| s.port).collect()
}

/// What `balanced_interactive.py` prints when every round was answered.
fn assert_every_round_answered(out: &str) {
    let expected = [
        "order_coffee: a large coffee for ada.",
        "write_poem: Iron learns to bend",
        "order_coffee: a large coffee for ada.",
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), expected, "{out}");
}

#[test]
fn input_required_rounds_cross_instances_with_a_shared_key() {
    let (Some(nginx), Some(python)) = (nginx(), python_with_sdk()) else { return };
    let servers = instances(3, &["--request-state-key", SECRET]);
    let balancer = Balancer::start(&nginx, &ports(&servers));
    let out = run_python(&python, "balanced_interactive.py", &[&balancer.url()], &[]);
    assert_every_round_answered(&out);
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
fn with_redis_alone_input_required_rounds_cross_instances() {
    let (Some(nginx), Some(python), Some(program)) = (nginx(), python_with_sdk(), redis_server()) else { return };
    let redis = RedisServer::start(&program);
    let url = redis.url();
    let servers = instances(3, &["--redis", &url]);
    let balancer = Balancer::start(&nginx, &ports(&servers));
    let out = run_python(&python, "balanced_interactive.py", &[&balancer.url()], &[]);
    assert_every_round_answered(&out);
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

/// A 2026-07-28 `order_coffee` call, straight to one instance, with `extra`
/// params (the answers and the state of an earlier round).
fn order_coffee(server: &HttpServer, extra: serde_json::Value) -> serde_json::Value {
    order_coffee_response(server, extra).json()
}

/// [`order_coffee`], with the whole HTTP response.
fn order_coffee_response(server: &HttpServer, extra: serde_json::Value) -> mcp_tests::HttpResponse {
    let mut params = serde_json::json!({
        "name": "order_coffee",
        "arguments": {},
        "_meta": {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": {"elicitation": {}}
        }
    });
    for (k, v) in extra.as_object().into_iter().flatten() {
        params[k] = v.clone();
    }
    let body = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params});
    let headers = [
        ("content-type", "application/json"),
        ("accept", "application/json, text/event-stream"),
        ("mcp-protocol-version", "2026-07-28"),
        ("mcp-method", "tools/call"),
        ("mcp-name", "order_coffee"),
    ];
    server.request("POST", "/mcp", &headers, body.to_string().as_bytes())
}

/// Starts a round on the first instance; its state, with the answer.
fn first_round(server: &HttpServer) -> serde_json::Value {
    let first = order_coffee(server, serde_json::json!({}));
    assert_eq!(first["result"]["resultType"], "input_required", "{first}");
    let answer = serde_json::json!({"elicit_0": {"action": "accept", "content": {"name": "Bo", "size": "small"}}});
    serde_json::json!({"inputResponses": answer, "requestState": first["result"]["requestState"]})
}

#[test]
fn with_redis_a_request_state_is_accepted_once_across_instances() {
    let Some(program) = redis_server() else { return };
    let redis = RedisServer::start(&program);
    let url = redis.url();
    let servers = instances(2, &["--request-state-key", SECRET, "--redis", &url]);
    let answered = first_round(&servers[0]);
    let done = order_coffee(&servers[1], answered.clone());
    assert_eq!(done["result"]["content"][0]["text"], "a small coffee for bo.", "{done}");
    for server in &servers {
        let replayed = order_coffee(server, answered.clone());
        let message = replayed["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("already used"), "a replay on any instance is refused: {replayed}");
    }
    // With Redis down a round cannot be checked: a 503 to retry, not a 200.
    let mut redis = redis;
    let answered = first_round(&servers[0]);
    redis.stop();
    let refused = order_coffee_response(&servers[1], answered);
    assert_eq!((refused.status, refused.header("retry-after")), (503, Some("1")), "{refused:?}");
    assert_eq!(refused.json()["error"]["data"]["retryAfterSeconds"], 1, "{refused:?}");
    // Without a shared store each instance keeps its own nonces: the
    // replay that README documents, once per other instance.
    let alone = instances(2, &["--request-state-key", SECRET]);
    let answered = first_round(&alone[0]);
    assert_eq!(order_coffee(&alone[1], answered.clone())["result"]["resultType"], "complete");
    assert!(order_coffee(&alone[1], answered.clone())["error"]["message"].to_string().contains("already used"));
    assert_eq!(order_coffee(&alone[0], answered)["result"]["resultType"], "complete");
}

/// Instances sharing sessions through Redis, behind nginx.
struct Scaled {
    redis: RedisServer,
    _servers: Vec<HttpServer>,
    balancer: Balancer,
}

/// Three instances of `program` sharing sessions through Redis, behind nginx.
fn scaled(program: &std::path::Path) -> Option<Scaled> {
    let (nginx, redis) = (nginx()?, redis_server()?);
    let redis = RedisServer::start(&redis);
    let url = redis.url();
    let servers: Vec<HttpServer> = (0..3)
        .map(|_| HttpServer::start_with(program, &["--transport", "http", "--port", "0", "--redis", &url]))
        .collect();
    let balancer = Balancer::start(&nginx, &ports(&servers));
    Some(Scaled { redis, _servers: servers, balancer })
}

#[test]
fn session_era_clients_need_no_stickiness_with_redis() {
    let Some(python) = python_with_sdk() else { return };
    let Some(scaled) = scaled(&example("quickstart")) else { return };
    let out = run_python(&python, "balanced_session.py", &[&scaled.balancer.url()], &[]);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "tools: add_numbers get_current_time long_task",
            "sums: [1, 2, 3, 4, 5, 6]",
            "greeting: Hello from MCP Server!",
            "log level: set"
        ],
        "{out}"
    );
}

#[test]
fn session_era_elicitation_and_sampling_answers_reach_the_waiting_instance() {
    let Some(python) = python_with_sdk() else { return };
    let Some(scaled) = scaled(&example("interactive")) else { return };
    let out = run_python(&python, "balanced_interactive.py", &[&scaled.balancer.url(), "legacy"], &[]);
    assert_every_round_answered(&out);
}

#[test]
fn a_cut_stream_resumes_on_another_instance_from_the_shared_event_log() {
    let (Some(nginx), Some(program), Some(python)) = (nginx(), redis_server(), python_with_sdk()) else { return };
    let redis = RedisServer::start(&program);
    let url = redis.url();
    let args = ["--transport", "http", "--port", "0", "--redis", &url];
    let servers: Vec<HttpServer> = (0..3).map(|_| HttpServer::start_with(&bulletin(), &args)).collect();
    // Quiet for a second, and the balancer cuts the stream off.
    let balancer = Balancer::start_cutting(&nginx, &ports(&servers), std::time::Duration::from_secs(1));
    let out = run_python(&python, "balanced_resumption.py", &[&balancer.url()], &[]);
    assert_eq!(out.lines().collect::<Vec<_>>(), ["progress: step 1, step 2, step 3", "result: done 3 steps"], "{out}");
    let resumed = servers.iter().flat_map(HttpServer::log_lines).filter(|l| l.contains("resuming a stream")).count();
    assert!(resumed >= 1, "the cut streams were resumed on other instances");
}

#[test]
fn stateless_progress_and_listen_cross_instances() {
    let Some(python) = python_with_sdk() else { return };
    let Some(scaled) = scaled(&bulletin()) else { return };
    let out = run_python(&python, "balanced_modern.py", &[&scaled.balancer.url()], &[]);
    assert_eq!(out.lines().collect::<Vec<_>>(), ["progress: 3", "listen updates: 6"], "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hub_reaches_balanced_instances_in_both_eras() {
    use mcp_runtime::client::{ClientOptions, Hub, Retry, ServersConfig};
    use mcp_runtime::protocol::ProtocolVersion;
    let Some(scaled) = scaled(&bulletin()) else { return };
    let url = scaled.balancer.url();
    let text = serde_json::json!({"mcpServers": {"modern": {"url": url}, "sessions": {"url": url}}}).to_string();
    let config = ServersConfig::parse(&text, std::path::Path::new("servers_config.json"), |_| None).expect("valid");
    let options = |name: &str| match name {
        "sessions" => ClientOptions::named(name).protocol_version(ProtocolVersion::LATEST_SESSION),
        _ => ClientOptions::named(name),
    };
    let hub = Hub::connect(&config, options, Retry::new(1, std::time::Duration::from_millis(10), 1.0)).await;
    assert!(hub.failures().is_empty(), "{:?}", hub.failures());
    let versions: Vec<ProtocolVersion> = hub.clients().iter().map(|c| c.protocol_version()).collect();
    assert!(versions.contains(&ProtocolVersion::V2026_07_28) && versions.contains(&ProtocolVersion::LATEST_SESSION));
    for era in ["modern", "sessions"] {
        for n in 0..6 {
            let text = format!("{era} {n}");
            let posted = hub.call_tool(&format!("{era}__post"), serde_json::json!({"text": text})).await;
            assert_eq!(posted.expect("a call").content[0].as_text(), Some(format!("posted: {text}").as_str()));
        }
        let steps = std::sync::atomic::AtomicUsize::new(0);
        let count = |_: f64, _: Option<f64>, _: Option<&str>| {
            steps.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        };
        let arguments = serde_json::json!({"steps": 3, "pause_ms": 20});
        let done = hub.call_tool_with_progress(&format!("{era}__slow_steps"), arguments, count).await;
        assert_eq!(done.expect("a slow call").content[0].as_text(), Some("done 3 steps"));
        assert_eq!(steps.load(std::sync::atomic::Ordering::Relaxed), 3, "{era}: progress");
    }
    hub.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_in_flight_on_a_killed_instance_ends_with_a_clear_error() {
    use mcp_runtime::client::{Client, ClientOptions};
    use mcp_runtime::protocol::ProtocolVersion;
    let Some(scaled) = scaled(&bulletin()) else { return };
    let options = ClientOptions::named("victim").protocol_version(ProtocolVersion::LATEST_SESSION);
    let client = Client::streamable_http(&scaled.balancer.url(), options).await.expect("connects");
    let killed = std::sync::Mutex::new(None);
    let kill_the_runner = |_: f64, _: Option<f64>, message: Option<&str>| {
        let pid = message.and_then(|m| m.rsplit(' ').next()).and_then(|p| p.parse::<u32>().ok());
        let mut killed = killed.lock().expect("lock");
        if let (None, Some(pid)) = (*killed, pid) {
            let status = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status();
            assert!(status.is_ok_and(|s| s.success()), "kill -9 {pid}");
            *killed = Some(pid);
        }
    };
    let arguments = serde_json::json!({"steps": 20, "pause_ms": 500});
    let lost = client.call_tool_with_progress("slow_steps", arguments, kill_the_runner).await;
    assert!(killed.lock().expect("lock").is_some(), "the tool reported its pid");
    let error = lost.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("instance running this request stopped before it answered"), "{error}");
    // The session lives on through the other instances.
    let posted = client.call_tool("post", serde_json::json!({"text": "still here"})).await.expect("a call");
    assert_eq!(posted.content[0].as_text(), Some("posted: still here"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn our_client_keeps_its_session_across_instances_and_redis_going_down_is_503() {
    use mcp_runtime::client::{Client, ClientOptions};
    use mcp_runtime::protocol::ProtocolVersion;
    let Some(mut scaled) = scaled(&example("quickstart")) else { return };
    let options = ClientOptions::named("scaled").protocol_version(ProtocolVersion::LATEST_SESSION);
    let client = Client::streamable_http(&scaled.balancer.url(), options.clone()).await.expect("connected");
    for a in 0..6 {
        let sum = client.call_tool("add_numbers", serde_json::json!({"a": a, "b": 1})).await.expect("a call");
        assert_eq!(sum.structured_content, Some(serde_json::json!({"result": a + 1})));
    }
    scaled.redis.stop();
    let refused = client.call_tool("add_numbers", serde_json::json!({"a": 1, "b": 1})).await;
    let refused = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(refused.contains("session store is unavailable"), "{refused}");
    // Stateless 2026-07-28 calls need no store.
    let modern = ClientOptions::named("modern").protocol_version(ProtocolVersion::V2026_07_28);
    let stateless = Client::streamable_http(&scaled.balancer.url(), modern.clone()).await.expect("no store needed");
    let sum = stateless.call_tool("add_numbers", serde_json::json!({"a": 2, "b": 2})).await.expect("a call");
    assert_eq!(sum.structured_content, Some(serde_json::json!({"result": 4})));
    // Redis comes back empty (no persistence): the old session is gone, a new one works.
    scaled.redis.resume();
    let gone = client.call_tool("add_numbers", serde_json::json!({"a": 1, "b": 1})).await;
    assert!(gone.is_err(), "the session died with Redis's data");
    let again = Client::streamable_http(&scaled.balancer.url(), options).await.expect("recovered on its own");
    let sum = again.call_tool("add_numbers", serde_json::json!({"a": 3, "b": 4})).await.expect("a call");
    assert_eq!(sum.structured_content, Some(serde_json::json!({"result": 7})));
}

#[test]
fn readiness_follows_the_store_and_liveness_does_not() {
    let Some(program) = redis_server() else { return };
    let mut redis = RedisServer::start(&program);
    let url = redis.url();
    let server =
        HttpServer::start_with(&example("quickstart"), &["--transport", "http", "--port", "0", "--redis", &url]);
    server.log_containing(&format!("sessions: shared through Redis at {url}"));
    let probe = |path: &str| server.request("GET", path, &[], b"");
    assert_eq!((probe("/healthz").status, probe("/readyz").status), (200, 200));
    redis.stop();
    let not_ready = probe("/readyz");
    assert_eq!(not_ready.status, 503);
    assert_eq!(not_ready.body, "store unavailable", "the address stays in the log");
    assert_eq!(probe("/healthz").status, 200, "alive, only not ready");
    redis.resume();
    assert_eq!(probe("/readyz").status, 200, "ready again without a restart");
    let open = HttpServer::start("quickstart", "http");
    assert_eq!(open.request("GET", "/readyz", &[], b"").status, 200, "no store: ready");
}

#[test]
fn a_resource_update_on_one_instance_reaches_a_subscriber_on_another() {
    let Some(python) = python_with_sdk() else { return };
    let Some(scaled) = scaled(&bulletin()) else { return };
    let out = run_python(&python, "balanced_subscription.py", &[&scaled.balancer.url()], &[]);
    assert_eq!(out.trim(), "updates: 6", "every instance's update reached the one stream: {out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_killed_mid_session_loses_no_session() {
    use mcp_runtime::client::{Client, ClientOptions};
    use mcp_runtime::protocol::ProtocolVersion;
    let Some(scaled) = scaled(&example("quickstart")) else { return };
    let options = ClientOptions::named("survivor").protocol_version(ProtocolVersion::LATEST_SESSION);
    let client = Client::streamable_http(&scaled.balancer.url(), options).await.expect("connected");
    for a in 0..3 {
        client.call_tool("add_numbers", serde_json::json!({"a": a, "b": 1})).await.expect("a call");
    }
    let (victim, port) = (scaled._servers[0].pid().to_string(), scaled._servers[0].port);
    let killed = std::process::Command::new("kill").args(["-KILL", &victim]).status().expect("kill runs");
    assert!(killed.success());
    // Dead once its port refuses: a call sent before that is one in flight.
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    for a in 0..6 {
        let sum = client.call_tool("add_numbers", serde_json::json!({"a": a, "b": 10})).await;
        let sum = sum.unwrap_or_else(|e| panic!("call {a} after the kill: {e}"));
        assert_eq!(sum.structured_content, Some(serde_json::json!({"result": a + 10})));
    }
}

/// A 2025-03-26 client answers instance A's sampling request in a JSON-RPC
/// batch POSTed to instance B: B publishes the answer, and A's call ends.
#[test]
fn a_sampling_answer_in_a_batch_reaches_the_instance_that_asked() {
    use std::io::{BufRead, BufReader, Write};
    let Some(program) = redis_server() else { return };
    let redis = RedisServer::start(&program);
    let servers = instances(2, &["--redis", &redis.url()]);
    let (a, b) = (&servers[0], &servers[1]);
    let post = [("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")];
    let initialize = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-03-26", "capabilities": {"sampling": {}},
        "clientInfo": {"name": "batcher", "version": "1"}}});
    let opened = a.request("POST", "/mcp", &post, initialize.to_string().as_bytes());
    let session = opened.header("mcp-session-id").expect("a session id").to_owned();
    let in_session = [post[0], post[1], ("Mcp-Session-Id", session.as_str())];
    let initialized = br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
    assert_eq!(a.request("POST", "/mcp", &in_session, initialized).status, 202);

    // The call runs on A; its stream carries A's sampling request, then the result.
    let call = serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
        "params": {"name": "write_poem", "arguments": {"topic": "batches"}}})
    .to_string();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", a.port)).expect("connect");
    stream.set_read_timeout(Some(mcp_tests::STUCK)).expect("timeout");
    let mut head = format!("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n", call.len());
    for (name, value) in in_session {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    write!(stream, "{head}\r\n{call}").expect("send the call");
    let mut events = BufReader::new(stream);
    let mut next_message = || loop {
        let mut line = String::new();
        assert!(events.read_line(&mut line).expect("an event in time") > 0, "the call's stream closed");
        if let Some(Ok(message)) = line.trim_end().strip_prefix("data: ").map(serde_json::from_str::<serde_json::Value>)
        {
            return message;
        }
    };
    let asked = next_message();
    assert_eq!(asked["method"], "sampling/createMessage", "{asked}");

    let answer = serde_json::json!([{"jsonrpc": "2.0", "id": asked["id"], "result": {
        "role": "assistant", "model": "test", "content": {"type": "text", "text": "Keys wait in a row"}}}]);
    assert_eq!(b.request("POST", "/mcp", &in_session, answer.to_string().as_bytes()).status, 202);
    let result = next_message();
    assert_eq!(result["id"], 2, "{result}");
    assert_eq!(result["result"]["content"][0]["text"], "Keys wait in a row", "{result}");
}

/// Tasks through three instances on one Redis, round-robin: a task's
/// question is answered and its result read through other instances than
/// the one running it; a cancel reaches it from another; and when the
/// instance running a task is killed, the others report the task failed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_cross_instances_and_a_killed_runner_fails_its_task() {
    use mcp_runtime::client::{Client, ClientOptions, ElicitationResponse, TaskCall};
    use mcp_runtime::protocol::{ProtocolVersion, TaskStatus};
    let Some(scaled) = scaled(&bulletin()) else { return };
    let options =
        ClientOptions::named("tasks").protocol_version(ProtocolVersion::V2026_07_28).on_elicitation(|_| async {
            let mut content = serde_json::Map::new();
            content.insert("text".into(), serde_json::json!("from afar"));
            Ok(ElicitationResponse::accept(content))
        });
    let client = Client::streamable_http(&scaled.balancer.url(), options).await.expect("connects");
    let posted = client.call_tool_and_wait("post_later", serde_json::json!({}), |_| {}).await.expect("completes");
    assert_eq!(posted.content[0].as_text(), Some("posted later: from afar"));

    let start = |seconds: u64| {
        let client = &client;
        async move {
            match client.call_tool_as_task("long_task", serde_json::json!({"seconds": seconds})).await {
                Ok(TaskCall::Task(task)) => task.task_id,
                other => panic!("long_task always makes a task: {other:?}"),
            }
        }
    };
    let until = |id: String, wanted: fn(&mcp_runtime::protocol::TaskInfo) -> bool| {
        let client = &client;
        async move {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            loop {
                let task = client.get_task(&id).await.expect("any instance reads the task");
                if wanted(&task) {
                    return task;
                }
                assert!(std::time::Instant::now() < deadline, "task {id} stayed {:?}", task.status);
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    };
    let cancelled = start(60).await;
    client.cancel_task(&cancelled).await.expect("cancel");
    until(cancelled, |t| t.status == TaskStatus::Cancelled).await;

    let doomed = start(60).await;
    let running = until(doomed.clone(), |t| t.status_message.as_deref().is_some_and(|m| m.contains("pid"))).await;
    let message = running.status_message.unwrap_or_default();
    let pid = message.rsplit(' ').next().unwrap_or_default().to_owned();
    let status = std::process::Command::new("kill").args(["-9", &pid]).status();
    assert!(status.is_ok_and(|s| s.success()), "kill -9 {pid}");
    let failed = until(doomed, |t| t.status.is_terminal()).await;
    assert_eq!(failed.status, TaskStatus::Failed);
    let why = failed.error.map(|e| e.message).unwrap_or_default();
    assert!(why.contains("instance running this task stopped"), "{why}");
}
