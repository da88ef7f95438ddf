//! The `chat` example (the seed's chat host) against a scripted
//! OpenAI-compatible endpoint on a real socket: the model first asks for a
//! tool, then answers; the test checks the tool really ran on the MCP server
//! and its output reached the model.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use mcp_tests::example;
use serde_json::{json, Value};

/// One scripted reply: an HTTP status and a body.
type Reply = (u16, String);

/// Serves `replies` in order to successive POSTs, recording each request body.
fn scripted_model(replies: Vec<Reply>) -> (String, Arc<Mutex<Vec<Value>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://127.0.0.1:{}/v1", listener.local_addr().expect("addr").port());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for (reply, stream) in replies.into_iter().zip(listener.incoming()) {
            let Ok(mut stream) = stream else { return };
            let body = read_request_body(&mut stream);
            record.lock().expect("lock").push(serde_json::from_slice(&body).unwrap_or(Value::Null));
            let (status, text) = reply;
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                text.len()
            );
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(text.as_bytes()));
        }
    });
    (url, seen)
}

fn read_request_body(stream: &mut std::net::TcpStream) -> Vec<u8> {
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    body
}

fn assistant(message: Value) -> Reply {
    (200, json!({"choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}).to_string())
}

/// Runs the chat example with `config` against `model_url`, typing `input`.
fn run_chat(model_url: &str, config: &str, input: &str) -> Output {
    let dir = std::env::temp_dir().join(format!("mcp-chat-{}-{}", std::process::id(), model_url.len() + input.len()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let config_path = dir.join("servers_config.json");
    std::fs::write(&config_path, config).expect("write config");
    let mut child = Command::new(example("chat"))
        .args(["--config", &config_path.display().to_string()])
        .current_dir(&dir)
        .env("OPENAI_BASE_URL", model_url)
        .env("OPENAI_MODEL", "scripted")
        .env_remove("OPENAI_API_KEY")
        .env_remove("AZURE_OPENAI_ENDPOINT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chat starts");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("type");
    child.wait_with_output().expect("chat ends")
}

fn fetcher_config() -> String {
    let fetcher = example("website_fetcher").display().to_string();
    json!({"mcpServers": {"fetcher": {"command": fetcher, "args": ["--transport", "stdio"]}}}).to_string()
}

#[test]
fn the_chat_host_runs_the_tool_the_model_asks_for() {
    let call = json!({"id": "call_1", "type": "function", "function": {"name": "calculate", "arguments": "{\"num1\": 2, \"num2\": 3.5}"}});
    let (url, seen) = scripted_model(vec![
        assistant(json!({"role": "assistant", "content": null, "tool_calls": [call]})),
        assistant(json!({"role": "assistant", "content": "2 + 3.5 is 5.5."})),
    ]);
    let out = run_chat(&url, &fetcher_config(), "what is 2 + 3.5?\nquit\n");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("assistant> 2 + 3.5 is 5.5."), "{stdout}\n{stderr}");
    let seen = seen.lock().expect("lock");
    assert_eq!(seen.len(), 2, "two model requests");
    let offered: Vec<&str> =
        seen[0]["tools"].as_array().expect("tools").iter().filter_map(|t| t["function"]["name"].as_str()).collect();
    assert!(offered.contains(&"calculate") && offered.contains(&"weather"), "{offered:?}");
    let tool_message = seen[1]["messages"].as_array().expect("messages").iter().find(|m| m["role"] == "tool").cloned();
    let tool_message = tool_message.expect("the tool's result went back to the model");
    assert_eq!(tool_message["tool_call_id"], "call_1");
    assert_eq!(tool_message["content"], "结果: 5.5");
}

#[test]
fn a_failing_model_endpoint_is_reported_and_the_chat_goes_on() {
    let (url, seen) = scripted_model(vec![
        (500, r#"{"error": "overloaded"}"#.into()),
        (200, "this is not json".into()),
        assistant(json!({"role": "assistant", "content": "back again"})),
    ]);
    let out = run_chat(&url, &fetcher_config(), "one\ntwo\nthree\nexit\n");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("500"), "the HTTP status is named: {stderr}");
    assert!(stderr.contains("invalid JSON"), "{stderr}");
    assert!(stdout.contains("assistant> back again"), "{stdout}\n{stderr}");
    assert_eq!(seen.lock().expect("lock").len(), 3);
}

#[test]
fn a_malformed_config_names_the_file_and_line() {
    let out =
        run_chat("http://127.0.0.1:9/v1", "{\n  \"mcpServers\": {\n    \"x\": {\"command\": \"a\",}\n  }\n}\n", "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("servers_config.json:3"), "{stderr}");
}
