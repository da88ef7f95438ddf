//! `mcp`: a small command-line client for any MCP server.
//!
//! ```text
//! mcp list -- CMD ARGS..                       tools, resources, templates and prompts
//! mcp call TOOL key=value.. -- CMD ARGS..      call a tool (values are JSON, else strings)
//! mcp call TOOL --json '{"a": 1}' -- CMD ..    call a tool with a JSON object
//!                                              (a tool the server runs as a task is
//!                                              followed to its end, its status on stderr)
//! mcp read URI -- CMD ARGS..                   read a resource
//! mcp skills -- CMD ARGS..                     the server's Agent Skills (name, description, URI)
//! mcp prompt NAME key=value.. -- CMD ARGS..    render a prompt
//! mcp list http://127.0.0.1:8000/mcp           an HTTP server (Streamable
//! mcp call http://127.0.0.1:8000/sse TOOL ..   HTTP, or legacy SSE at /sse)
//! mcp call ws://192.168.1.100:8765 TOOL ..     a WebSocket server (wss:// too)
//! ```
//!
//! An HTTP server that answers 401 gets OAuth: the client prints the
//! address to open, and the browser comes back to `127.0.0.1:33418`.
//!
//! `--json` before the command prints raw JSON. `--timeout SECONDS` bounds
//! the whole invocation: starting or reaching the server, the opening (its
//! era probe included), a login, and the call; without it, each answer gets
//! 60 s. Exit codes: 0 success, 1 the tool reported an error, 2 bad usage,
//! 3 the server could not be reached, did not answer in time, or
//! misbehaved (the message says which).

use std::process::ExitCode;
use std::time::Duration;

use mcp_runtime::client::oauth::{Loopback, OAuth};
use mcp_runtime::client::{Client, ClientOptions};
use mcp_runtime::protocol::TaskInfo;
use serde_json::{json, Map, Value};

const USAGE: &str = "usage: mcp [--json] [--timeout SECONDS] <list|call|read|prompt|skills> [NAME|URI] [key=value..] \
                     [--json '{..}'] -- CMD ARGS..|URL";

struct Invocation {
    json_output: bool,
    /// The bound on the whole invocation (`--timeout`).
    timeout: Option<Duration>,
    action: String,
    name: Option<String>,
    arguments: Value,
    command: Vec<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let invocation = match parse(std::env::args().skip(1).collect()) {
        Ok(i) => i,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Some(limit) = invocation.timeout else { return connect_and_run(&invocation).await };
    match tokio::time::timeout(limit, connect_and_run(&invocation)).await {
        Ok(code) => code,
        Err(_) => {
            eprintln!("error: no answer within {limit:?} (--timeout bounds reaching the server and the call together)");
            ExitCode::from(3)
        }
    }
}

async fn connect_and_run(invocation: &Invocation) -> ExitCode {
    let Some((program, args)) = invocation.command.split_first() else {
        eprintln!("error: no server: give a stdio command or an http:// URL after `--`\n{USAGE}");
        return ExitCode::from(2);
    };
    let mut options = ClientOptions::named(program.as_str());
    if let Some(limit) = invocation.timeout {
        options = options.timeout(limit);
    }
    let connected = if is_url(program) {
        let oauth = OAuth::new(Loopback::new(33418)).client_name("mcp (mcp-runtime command-line client)");
        Client::connect(program, options.oauth(oauth)).await
    } else {
        Client::stdio(program, args, options).await
    };
    let client = match connected {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(3);
        }
    };
    let code = run(&client, invocation).await;
    client.close().await;
    code
}

/// Prompt arguments are strings: a JSON string is passed as it is, any
/// other value (a number `key=value` was read as, say) as its JSON text.
fn prompt_arguments(arguments: &Value) -> Vec<(String, String)> {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    arguments.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), text(v))).collect()
}

async fn run(client: &Client, inv: &Invocation) -> ExitCode {
    let outcome = match inv.action.as_str() {
        "list" => list(client).await,
        "skills" => client.list_skills().await.map(|skills| {
            let entries: Vec<Value> = skills
                .iter()
                .map(|s| json!({"name": s.name(), "description": s.description(), "uri": s.uri}))
                .collect();
            json!({ "skills": entries })
        }),
        "call" => call(client, inv).await,
        "read" => client.read_resource(inv.name.as_deref().unwrap_or("")).await.map(|c| json!({ "contents": c })),
        "prompt" => client
            .get_prompt(inv.name.as_deref().unwrap_or(""), prompt_arguments(&inv.arguments))
            .await
            .map(|p| json!(p)),
        other => {
            eprintln!("error: unknown action `{other}`\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(value) => {
            print_value(&value, inv.json_output);
            if value.get("isError") == Some(&Value::Bool(true)) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(3)
        }
    }
}

async fn list(client: &Client) -> Result<Value, mcp_runtime::client::Error> {
    let caps = client.capabilities().clone();
    let tools = client.list_tools().await?;
    let (resources, templates) = match caps.resources {
        Some(_) => (client.list_resources().await?, client.list_resource_templates().await?),
        None => (Vec::new(), Vec::new()),
    };
    let prompts = match caps.prompts {
        Some(_) => client.list_prompts().await?,
        None => Vec::new(),
    };
    Ok(json!({ "tools": tools, "resources": resources, "resourceTemplates": templates, "prompts": prompts }))
}

/// Calls a tool, following it if the server makes it a task: each new
/// status (and the progress the tool reports in it) goes to stderr.
async fn call(client: &Client, inv: &Invocation) -> Result<Value, mcp_runtime::client::Error> {
    let tool = inv.name.as_deref().unwrap_or("");
    let mut shown = String::new();
    let show = |task: &TaskInfo| {
        let status = serde_json::to_value(task.status).unwrap_or_default();
        let line = match &task.status_message {
            Some(message) => format!("task {}: {} ({message})", task.task_id, status.as_str().unwrap_or("?")),
            None => format!("task {}: {}", task.task_id, status.as_str().unwrap_or("?")),
        };
        if line != shown {
            eprintln!("{line}");
            shown = line;
        }
    };
    client.call_tool_and_wait(tool, inv.arguments.clone(), show).await.map(|r| json!(r))
}

fn print_value(value: &Value, json_output: bool) {
    if json_output {
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
        return;
    }
    if let Some(content) = value.get("content").and_then(Value::as_array) {
        for block in content {
            match block.get("text").and_then(Value::as_str) {
                Some(text) => println!("{text}"),
                None => println!("[{} content]", block["type"].as_str().unwrap_or("unknown")),
            }
        }
        return;
    }
    if let Some(skills) = value.get("skills").and_then(Value::as_array) {
        for skill in skills {
            let (name, uri) = (skill["name"].as_str().unwrap_or("?"), skill["uri"].as_str().unwrap_or("?"));
            println!("{name}  {}  ({uri})", skill["description"].as_str().unwrap_or(""));
        }
        return;
    }
    if value.get("tools").is_some() {
        for (title, key, id) in [
            ("Tools", "tools", "name"),
            ("Resources", "resources", "uri"),
            ("Resource templates", "resourceTemplates", "uriTemplate"),
            ("Prompts", "prompts", "name"),
        ] {
            let items = value[key].as_array().cloned().unwrap_or_default();
            if items.is_empty() {
                continue;
            }
            println!("{title}:");
            for item in items {
                let description = item["description"].as_str().unwrap_or("").lines().next().unwrap_or("");
                println!("  {}  {description}", item[id].as_str().unwrap_or("?"));
            }
        }
        return;
    }
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
}

/// A server URL rather than a command: http(s):// or ws(s)://.
fn is_url(word: &str) -> bool {
    ["http://", "https://", "ws://", "wss://"].iter().any(|scheme| word.starts_with(scheme))
}

fn parse(args: Vec<String>) -> Result<Invocation, String> {
    let (before, command) = match args.iter().position(|a| a == "--") {
        Some(i) => (args[..i].to_vec(), args[i + 1..].to_vec()),
        None => (args.clone(), Vec::new()),
    };
    let mut words = before.into_iter().peekable();
    let (mut json_output, mut timeout) = (false, None);
    while let Some(flag) = words.next_if(|w| w == "--json" || w == "--timeout") {
        if flag == "--json" {
            json_output = true;
        } else {
            timeout = Some(parse_timeout(words.next().as_deref())?);
        }
    }
    let action = words.next().ok_or("missing action")?;
    let mut command = command;
    if let Some(url) = words.next_if(|w| is_url(w)) {
        command = vec![url];
    }
    let name = if action == "list" || action == "skills" {
        None
    } else {
        Some(words.next().ok_or(format!("`{action}` needs a name"))?)
    };
    let mut arguments = Map::new();
    while let Some(word) = words.next() {
        if word == "--json" {
            let text = words.next().ok_or("--json needs an object")?;
            match serde_json::from_str(&text) {
                Ok(Value::Object(object)) => arguments.extend(object),
                _ => return Err(format!("--json needs a JSON object, got `{text}`")),
            }
            continue;
        }
        let (key, value) = word.split_once('=').ok_or(format!("expected key=value, got `{word}`"))?;
        let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
        arguments.insert(key.to_owned(), value);
    }
    Ok(Invocation { json_output, timeout, action, name, arguments: Value::Object(arguments), command })
}

/// `--timeout SECONDS`: a positive number of seconds, fractions allowed.
fn parse_timeout(value: Option<&str>) -> Result<Duration, String> {
    let value = value.ok_or("--timeout needs a number of seconds")?;
    match value.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() => Ok(Duration::from_secs_f64(seconds)),
        _ => Err(format!("--timeout needs a positive number of seconds, got `{value}`")),
    }
}
