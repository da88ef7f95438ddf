//! State and extractors: `Server::state`, `State<T>` in tools, resources,
//! prompts and completers, `#[handlers]` methods, user extractors, and the
//! build-time check for state nobody registered.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::common::{call, connect, first_text};
use mcp_runtime::handler::{Context, FromContext, Requirements};
use mcp_runtime::prelude::*;
use mcp_runtime::protocol::ErrorObject;
use mcp_runtime::server::BuildError;
use mcp_runtime::transport::BuiltServer;
use serde_json::json;

#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn lines(&self) -> Vec<String> {
        self.0.lock().expect("lock").clone()
    }
}

/// Remember a line.
#[tool]
fn remember(line: String, State(log): State<Log>) -> usize {
    let mut lines = log.0.lock().expect("lock");
    lines.push(line);
    lines.len()
}

/// Everything remembered.
#[resource("log://all")]
fn all_lines(State(log): State<Log>) -> String {
    log.lines().join("\n")
}

/// One remembered line.
#[resource("log://{index}", complete(index = line_numbers))]
fn one_line(index: usize, log: State<Log>) -> Result<String, ResourceError> {
    log.lines().get(index).cloned().ok_or_else(|| ResourceError::not_found(format!("log://{index}")))
}

/// The line numbers that start with `partial`.
fn line_numbers(partial: &str, State(log): State<Log>) -> Vec<String> {
    (0..log.lines().len()).map(|i| i.to_string()).filter(|i| i.starts_with(partial)).collect()
}

/// Ask about the log.
#[prompt]
fn recall(question: String, State(log): State<Log>) -> String {
    format!("{question}\n{}", log.lines().join("\n"))
}

fn log_server(log: &Log) -> Server {
    Server::new("log")
        .state(log.clone())
        .tools(tools![remember])
        .resources(resources![all_lines, one_line])
        .prompts(prompts![recall])
}

#[tokio::test]
async fn every_kind_of_handler_shares_the_registered_state() {
    let log = Log::default();
    let mut client = connect(log_server(&log)).await;
    assert_eq!(call(&mut client, "remember", json!({"line": "first"})).await["structuredContent"]["result"], 1);
    call(&mut client, "remember", json!({"line": "second"})).await;
    assert_eq!(log.lines(), ["first", "second"], "the test's own handle sees what the tool wrote");
    let read = client.request("resources/read", json!({"uri": "log://all"})).await;
    assert_eq!(read["result"]["contents"][0]["text"], "first\nsecond");
    let one = client.request("resources/read", json!({"uri": "log://1"})).await;
    assert_eq!(one["result"]["contents"][0]["text"], "second");
    let prompt = client.request("prompts/get", json!({"name": "recall", "arguments": {"question": "what?"}})).await;
    assert_eq!(prompt["result"]["messages"][0]["content"]["text"], "what?\nfirst\nsecond");
    let completion = client
        .request(
            "completion/complete",
            json!({"ref": {"type": "ref/resource", "uri": "log://{index}"}, "argument": {"name": "index", "value": ""}}),
        )
        .await;
    assert_eq!(completion["result"]["completion"]["values"], json!(["0", "1"]));
}

#[tokio::test]
async fn two_servers_keep_two_stores() {
    let (a, b) = (Log::default(), Log::default());
    let mut first = connect(log_server(&a)).await;
    let mut second = connect(log_server(&b)).await;
    call(&mut first, "remember", json!({"line": "only in a"})).await;
    call(&mut second, "remember", json!({"line": "only in b"})).await;
    assert_eq!((a.lines(), b.lines()), (vec!["only in a".to_owned()], vec!["only in b".to_owned()]));
}

#[test]
fn state_nobody_registered_is_reported_when_the_server_is_built() {
    let server = Server::new("forgetful").tools(tools![remember]);
    let expected =
        BuildError::MissingState { handler: "tool `remember`".into(), type_name: std::any::type_name::<Log>() };
    assert_eq!(server.check(), Err(expected.clone()));
    let message = expected.to_string();
    assert!(message.contains("tool `remember` takes `State<") && message.contains("add `.state(value)`"), "{message}");
    assert_eq!(BuiltServer::new(Server::new("forgetful").tools(tools![remember])).err(), Some(expected));
    let completer_only = Server::new("c").resources(resources![one_line]).state(0_u8);
    let Err(BuildError::MissingState { handler, .. }) = completer_only.check() else { panic!("missing Log") };
    assert_eq!(handler, "resource template `log://{index}`");
}

#[tokio::test]
async fn a_handler_added_after_the_build_is_refused_without_its_state() {
    let server = Server::new("late");
    let handle = server.handle();
    let (transport, _client) = mcp_runtime::transport::memory::channel();
    tokio::spawn(server.serve(transport));
    tokio::task::yield_now().await;
    let refused = handle.add_tools(tools![remember]);
    assert!(matches!(refused, Err(BuildError::MissingState { .. })), "{refused:?}");
}

mod elsewhere {
    use mcp_runtime::prelude::*;

    /// Remembers nothing, under the same name as `super::remember`.
    #[tool]
    pub(crate) fn remember(text: String) -> String {
        text
    }
}

#[test]
fn duplicates_across_two_calls_fail_the_check_and_the_build_naming_both() {
    let twice =
        || Server::new("twice").state(Log::default()).tools(tools![remember]).tools(tools![elsewhere::remember]);
    let Err(error) = twice().check() else { panic!("a duplicate passed the check") };
    let BuildError::Duplicate { kind, key, first, second, .. } = &error else { panic!("{error:?}") };
    assert_eq!((*kind, key.as_str()), ("tools", "remember"));
    assert_eq!((first.as_str(), second.as_str()), ("it::state::remember", "it::state::elsewhere::remember"));
    assert_eq!(
        error.to_string(),
        "two tools are registered as `remember`: `it::state::remember` and `it::state::elsewhere::remember`; rename one"
    );
    assert_eq!(BuiltServer::new(twice()).err(), Some(error), "building the server fails the same way");
}

/// Who is calling, as an authentication layer would attach it.
#[derive(Clone, Debug, PartialEq)]
struct Caller(String);

/// A user's extractor: the caller's name, or a JSON-RPC error.
struct CallerName(String);

impl FromContext for CallerName {
    fn from_context(ctx: &Context) -> Result<Self, ErrorObject> {
        let caller = ctx.extensions().get::<Caller>().ok_or_else(|| ErrorObject::new(-32001, "who are you?"))?;
        Ok(CallerName(caller.0.clone()))
    }
}

/// Say hello to whoever calls.
#[tool]
fn hello(CallerName(name): CallerName) -> String {
    format!("hello {name}")
}

/// Say hello, or to nobody.
#[tool]
fn maybe_hello(caller: Option<Extension<Caller>>) -> String {
    match caller {
        Some(Extension(Caller(name))) => format!("hello {name}"),
        None => "hello nobody".into(),
    }
}

#[tokio::test]
async fn a_failed_extractor_is_a_json_rpc_error_and_an_optional_one_is_none() {
    let mut client = connect(Server::new("who").tools(tools![hello, maybe_hello])).await;
    let refused = client.request("tools/call", json!({"name": "hello", "arguments": {}})).await;
    assert_eq!(refused["error"], json!({"code": -32001, "message": "who are you?"}));
    let nobody = call(&mut client, "maybe_hello", json!({})).await;
    assert_eq!(first_text(&nobody), "hello nobody");
}

/// A counter that lives in the value its methods belong to.
struct Counter {
    count: AtomicU64,
}

#[handlers]
impl Counter {
    /// Count one more.
    #[tool]
    fn bump(&self) -> u64 {
        self.count.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// The count.
    #[resource("counter://now", mime = "text/plain")]
    fn now(&self) -> String {
        self.count.load(Ordering::SeqCst).to_string()
    }

    /// The count at `{step}` more.
    #[resource("counter://plus/{step}", complete(step = steps))]
    fn plus(&self, step: u64) -> String {
        (self.count.load(Ordering::SeqCst) + step).to_string()
    }

    /// Ask about the count.
    #[prompt(complete(unit = Self::units))]
    fn describe(&self, unit: Option<String>) -> String {
        let unit = unit.unwrap_or_else(|| "times".into());
        format!("counted {} {unit}", self.count.load(Ordering::SeqCst))
    }

    /// Steps that start with `partial`.
    fn steps(&self, partial: &str) -> Vec<String> {
        ["1", "10", "100"].iter().filter(|s| s.starts_with(partial)).map(|s| (*s).to_owned()).collect()
    }

    /// Units, whatever the partial value.
    fn units(&self, _partial: &str, State(log): State<Log>) -> Vec<String> {
        vec![format!("times ({} logged)", log.lines().len())]
    }
}

#[tokio::test]
async fn methods_of_one_value_serve_tools_resources_prompts_and_completions() {
    let counter = Arc::new(Counter { count: AtomicU64::new(0) });
    let server = Server::new("counter").state(Log::default()).handlers(Arc::clone(&counter));
    let mut client = connect(server).await;
    call(&mut client, "bump", json!({})).await;
    call(&mut client, "bump", json!({})).await;
    assert_eq!(counter.count.load(Ordering::SeqCst), 2, "the test holds the same value");
    let now = client.request("resources/read", json!({"uri": "counter://now"})).await;
    assert_eq!(now["result"]["contents"][0]["text"], "2");
    let plus = client.request("resources/read", json!({"uri": "counter://plus/10"})).await;
    assert_eq!(plus["result"]["contents"][0]["text"], "12");
    let prompt = client.request("prompts/get", json!({"name": "describe", "arguments": {}})).await;
    assert_eq!(prompt["result"]["messages"][0]["content"]["text"], "counted 2 times");
    let steps = client
        .request(
            "completion/complete",
            json!({"ref": {"type": "ref/resource", "uri": "counter://plus/{step}"}, "argument": {"name": "step", "value": "1"}}),
        )
        .await;
    assert_eq!(steps["result"]["completion"]["values"], json!(["1", "10", "100"]));
    let units = client
        .request(
            "completion/complete",
            json!({"ref": {"type": "ref/prompt", "name": "describe"}, "argument": {"name": "unit", "value": ""}}),
        )
        .await;
    assert_eq!(units["result"]["completion"]["values"], json!(["times (0 logged)"]));
}

#[test]
fn a_completer_method_that_takes_state_needs_it_registered() {
    let counter = Counter { count: AtomicU64::new(0) };
    let Err(BuildError::MissingState { handler, .. }) = Server::new("c").handlers(counter).check() else {
        panic!("the `units` completer needs a Log")
    };
    assert_eq!(handler, "prompt `describe`");
}

#[test]
fn a_user_extractor_declares_what_it_needs() {
    struct NeedsLog;
    impl FromContext for NeedsLog {
        fn from_context(_: &Context) -> Result<Self, ErrorObject> {
            Ok(NeedsLog)
        }
        fn requirements(needs: &mut Requirements) {
            needs.state::<Log>();
        }
    }
    let mut needs = Requirements::default();
    NeedsLog::requirements(&mut needs);
    let mut expected = Requirements::default();
    expected.state::<Log>();
    assert_eq!(needs, expected);
}

#[tokio::test]
async fn handlers_run_directly_with_a_detached_context() {
    let mut state = mcp_runtime::handler::Extensions::new();
    let log = Log::default();
    state.insert(log.clone());
    let ctx = Context::detached_with(state);
    let State(found) = State::<Log>::from_context(&ctx).expect("registered");
    found.0.lock().expect("lock").push("direct".into());
    assert_eq!(log.lines(), ["direct"]);
    assert_eq!(remember("again".into(), State(log.clone())), 2);
}
