//! The seed's chat host (`mcp_test_client.py`): connect to every server in
//! `servers_config.json`, offer their tools to an OpenAI-compatible Chat
//! Completions endpoint (native tool calling), run the tools the model picks,
//! and send the results back until it answers.
//!
//! ```text
//! OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.1 \
//!   cargo run --example chat -- --config examples/servers_config.json
//! ```
//!
//! Settings come from the environment or a `.env` file: `OPENAI_BASE_URL`
//! (default `https://api.openai.com/v1`), `OPENAI_API_KEY` (not needed for a
//! local endpoint) and `OPENAI_MODEL`; or the seed's `AZURE_OPENAI_ENDPOINT`,
//! `AZURE_OPENAI_API_KEY`, `AZURE_OPENAI_DEPLOYMENT` and
//! `AZURE_OPENAI_API_VERSION`. Type `quit` or `exit` to leave.

use std::collections::HashMap;
use std::io::BufRead;
use std::process::ExitCode;

use mcp_runtime::client::oauth::{Loopback, OAuth};
use mcp_runtime::client::{ClientOptions, Hub, Retry, ServersConfig};
use mcp_runtime::protocol::Content;
use serde_json::{json, Value};

/// Where the model lives and how to ask it.
struct Llm {
    url: String,
    headers: Vec<(String, String)>,
    model: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    let settings = Settings::load();
    let llm = match Llm::from_settings(&settings) {
        Ok(llm) => llm,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let config_path = config_path().unwrap_or_else(|| "servers_config.json".into());
    let config = match ServersConfig::load(&config_path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // Remote servers that answer 401 get OAuth: the address to open is
    // printed, and the browser comes back to 127.0.0.1:33418.
    let oauth = OAuth::new(Loopback::new(33418)).client_name("mcp-runtime chat");
    let hub =
        Hub::connect(&config, |name: &str| ClientOptions::named(name).oauth(oauth.clone()), Retry::default()).await;
    for failure in hub.failures() {
        eprintln!("warning: {failure}");
    }
    eprintln!("connected: {} tool(s) from {} server(s)", hub.tools().len(), hub.clients().len());
    tokio::select! {
        () = chat_loop(&hub, &llm) => {}
        _ = tokio::signal::ctrl_c() => eprintln!("\ninterrupted"),
    }
    hub.close().await;
    ExitCode::SUCCESS
}

fn config_path() -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == "--config").and_then(|i| args.get(i + 1).cloned())
}

async fn chat_loop(hub: &Hub, llm: &Llm) {
    let tools: Vec<Value> = hub
        .tools()
        .iter()
        .map(|t| json!({"type": "function", "function": {"name": t.name, "description": t.tool.description, "parameters": t.tool.input_schema}}))
        .collect();
    let mut messages =
        vec![json!({"role": "system", "content": "You are a helpful assistant. Use the tools when they help."})];
    let (lines_tx, mut lines) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    eprint!("you> ");
    while let Some(line) = lines.recv().await {
        let question = line.trim();
        if matches!(question, "quit" | "exit") {
            break;
        }
        if !question.is_empty() {
            messages.push(json!({"role": "user", "content": question}));
            match answer(hub, llm, &tools, &mut messages).await {
                Ok(reply) => println!("assistant> {reply}"),
                Err(message) => eprintln!("error: {message}"),
            }
        }
        eprint!("you> ");
    }
}

/// Asks the model, running tools until it answers in words.
async fn answer(hub: &Hub, llm: &Llm, tools: &[Value], messages: &mut Vec<Value>) -> Result<String, String> {
    for _ in 0..8 {
        let message = complete(llm, tools, messages).await?;
        messages.push(message.clone());
        let calls = message["tool_calls"].as_array().cloned().unwrap_or_default();
        if calls.is_empty() {
            return Ok(message["content"].as_str().unwrap_or("").to_owned());
        }
        for call in calls {
            let name = call["function"]["name"].as_str().unwrap_or("");
            let args: Value =
                serde_json::from_str(call["function"]["arguments"].as_str().unwrap_or("{}")).unwrap_or(json!({}));
            eprintln!("  running {name} {args}");
            let progress = |done: f64, total: Option<f64>, note: Option<&str>| {
                eprintln!(
                    "  progress: {done}{} {}",
                    total.map(|t| format!("/{t}")).unwrap_or_default(),
                    note.unwrap_or("")
                );
            };
            let output = match hub.call_tool_with_progress(name, args, progress).await {
                Ok(result) => text_of(&result.content, result.is_error),
                Err(e) => format!("error: {e}"),
            };
            messages.push(json!({"role": "tool", "tool_call_id": call["id"], "content": output}));
        }
    }
    Err("the model kept calling tools without answering".into())
}

fn text_of(content: &[Content], is_error: bool) -> String {
    let text = content.iter().filter_map(Content::as_text).collect::<Vec<_>>().join("\n");
    if is_error {
        format!("error: {text}")
    } else {
        text
    }
}

/// One Chat Completions request (blocking HTTP on the blocking pool).
async fn complete(llm: &Llm, tools: &[Value], messages: &[Value]) -> Result<Value, String> {
    let mut body = json!({"model": llm.model, "messages": messages});
    if !tools.is_empty() {
        body["tools"] = json!(tools);
    }
    let (url, headers) = (llm.url.clone(), llm.headers.clone());
    let text = tokio::task::spawn_blocking(move || {
        let mut request = ureq::post(&url).header("Content-Type", "application/json");
        for (name, value) in &headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let mut response =
            request.send(body.to_string()).map_err(|e| format!("the model endpoint {url} failed: {e}"))?;
        response.body_mut().read_to_string().map_err(|e| format!("reading the model's answer failed: {e}"))
    })
    .await
    .map_err(|e| e.to_string())??;
    let reply: Value =
        serde_json::from_str(&text).map_err(|e| format!("the model endpoint sent invalid JSON ({e})"))?;
    reply["choices"][0]["message"]
        .as_object()
        .map(|m| Value::Object(m.clone()))
        .ok_or_else(|| format!("the model's answer has no message: {text}"))
}

/// Settings from the environment, with `.env` as a fallback.
struct Settings(HashMap<String, String>);

impl Settings {
    fn load() -> Self {
        let mut values = HashMap::new();
        if let Ok(text) = std::fs::read_to_string(".env") {
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                if let Some((key, value)) = line.split_once('=') {
                    values.insert(key.trim().to_owned(), value.trim().trim_matches('"').to_owned());
                }
            }
        }
        values.extend(std::env::vars());
        Settings(values)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }
}

impl Llm {
    fn from_settings(s: &Settings) -> Result<Llm, String> {
        if let Some(endpoint) = s.get("AZURE_OPENAI_ENDPOINT") {
            let key =
                s.get("AZURE_OPENAI_API_KEY").ok_or("AZURE_OPENAI_ENDPOINT is set but AZURE_OPENAI_API_KEY is not")?;
            let deployment =
                s.get("AZURE_OPENAI_DEPLOYMENT").ok_or("set AZURE_OPENAI_DEPLOYMENT to the model deployment's name")?;
            let version = s.get("AZURE_OPENAI_API_VERSION").unwrap_or("2024-06-01");
            let url = format!(
                "{}/openai/deployments/{deployment}/chat/completions?api-version={version}",
                endpoint.trim_end_matches('/')
            );
            return Ok(Llm { url, headers: vec![("api-key".into(), key.into())], model: deployment.into() });
        }
        let base = s.get("OPENAI_BASE_URL").unwrap_or("https://api.openai.com/v1").trim_end_matches('/').to_owned();
        let local = ["//localhost", "//127.0.0.1", "//[::1]"].iter().any(|h| base.contains(h));
        let headers = match s.get("OPENAI_API_KEY") {
            Some(key) => vec![("Authorization".into(), format!("Bearer {key}"))],
            None if local => Vec::new(),
            None => return Err(format!("OPENAI_API_KEY is not set (needed for {base}); set it, or point OPENAI_BASE_URL at a local server such as Ollama")),
        };
        let model = s.get("OPENAI_MODEL").unwrap_or("gpt-4o-mini").to_owned();
        Ok(Llm { url: format!("{base}/chat/completions"), headers, model })
    }
}
