//! The type-erased tool a registry holds, and the sets users pass to `Server`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use serde_json::value::RawValue;

use super::args::{ArgError, ArgMap};
use super::context::Context;
use super::extract::Requirements;
use super::param::{InputSchema, ParamError};
use super::result::{OutputMode, OutputSpec};
use crate::protocol::{CallToolResult, ErrorObject, Tool, ToolAnnotations};

/// The future a tool call runs as: the tool's result, or the JSON-RPC error
/// an extractor failed with.
pub type ToolFuture = Pin<Box<dyn Future<Output = Result<CallToolResult, ErrorObject>> + Send>>;

/// What a tool's shim receives for one call.
pub struct CallInput<'a> {
    /// The call's context.
    pub ctx: &'a Context,
    /// The raw `arguments` member.
    pub arguments: Option<&'a RawValue>,
    /// How the return value is delivered.
    pub mode: OutputMode,
}

impl CallInput<'_> {
    /// Splits the arguments object into members.
    pub fn args(&self) -> Result<ArgMap<'_>, ArgError> {
        ArgMap::parse(self.arguments)
    }
}

/// A finished future for a parameter that got no value: the `isError`
/// result for arguments that did not bind, the error of a failed extractor.
pub fn reject(tool: &str, err: impl Into<ParamError>) -> ToolFuture {
    let outcome = match err.into() {
        ParamError::Argument(err) => Ok(CallToolResult::error(format!("Invalid arguments for tool `{tool}`: {err}"))),
        ParamError::Extractor(error) => Err(error),
    };
    Box::pin(std::future::ready(outcome))
}

type CallFn = dyn Fn(CallInput<'_>) -> ToolFuture + Send + Sync;

/// One tool: its listing and its erased call shim.
#[derive(Clone)]
pub struct ToolDef {
    pub(crate) tool: Tool,
    pub(crate) mode: OutputMode,
    pub(crate) call: Arc<CallFn>,
    pub(crate) needs: Requirements,
    /// The OAuth scopes a caller needs to call it.
    pub(crate) scopes: Vec<String>,
    #[cfg_attr(not(feature = "server-http"), allow(dead_code))]
    mirrored: Arc<OnceLock<Vec<MirroredParam>>>,
    /// Where it is written (`module::function`), for errors that name it.
    pub(crate) origin: String,
    /// Whether a call may, must or must not run as a task.
    pub(crate) task: TaskSupport,
}

/// Whether a tool's calls run as tasks (the Tasks extension,
/// `#[tool(task = "..")]`). The server decides per call: a client that
/// declares the extension gets a task, any other a direct answer, or
/// `-32021` from a tool that runs only as a task.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TaskSupport {
    /// Every call is answered directly (the default).
    #[default]
    Forbidden,
    /// A call from a client with the extension becomes a task, unless it
    /// finishes at once; others are answered directly.
    Optional,
    /// Every call is a task: a client without the extension gets `-32021`.
    Required,
}

/// An argument a 2026-07-28 client mirrors in an `Mcp-Param-{name}`
/// header: its path in the arguments object, and the header's name.
pub(crate) type MirroredParam = (Vec<String>, String);

impl ToolDef {
    /// Assembles a tool from what the macro generated.
    pub fn new(
        name: &str,
        description: &str,
        input: InputSchema,
        output: OutputSpec,
        call: impl Fn(CallInput<'_>) -> ToolFuture + Send + Sync + 'static,
    ) -> Self {
        let needs = input.requirements().clone();
        let tool = Tool {
            name: name.to_owned(),
            title: None,
            description: description.to_owned(),
            input_schema: input.finish(),
            output_schema: output.schema,
            annotations: ToolAnnotations::default(),
            icons: Vec::new(),
        };
        let call = Arc::new(call);
        ToolDef {
            tool,
            mode: output.mode,
            call,
            needs,
            scopes: Vec::new(),
            mirrored: Arc::default(),
            origin: String::new(),
            task: TaskSupport::Forbidden,
        }
    }

    /// Records where the tool is written, for errors that name it.
    pub fn with_origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = origin.into();
        self
    }

    /// Sets the human-readable title.
    pub fn with_title(mut self, title: &str) -> Self {
        self.tool.title = Some(title.to_owned());
        self
    }

    /// Sets the behaviour hints.
    pub fn with_annotations(mut self, annotations: ToolAnnotations) -> Self {
        self.tool.annotations = annotations;
        self
    }

    /// Sets the icons, by URL or `data:` URI.
    pub fn with_icons(mut self, icons: &[&str]) -> Self {
        self.tool.icons = icons.iter().map(|src| crate::protocol::Icon::new(*src)).collect();
        self
    }

    /// Sets the OAuth scopes a caller needs to call the tool
    /// (`#[tool(scopes = [..])]`). They are checked wherever requests carry
    /// an [`Identity`](super::Identity): over HTTP and WebSocket with
    /// authorization on.
    pub fn with_scopes(mut self, scopes: &[&str]) -> Self {
        self.scopes = super::resource::owned(scopes);
        self
    }

    /// Sets whether its calls run as tasks (`#[tool(task = "optional")]`).
    pub fn with_task_support(mut self, task: TaskSupport) -> Self {
        self.task = task;
        self
    }

    /// Whether its calls run as tasks.
    pub fn task_support(&self) -> TaskSupport {
        self.task
    }

    /// The OAuth scopes a caller needs to call the tool.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The tool as `tools/list` shows it.
    pub fn tool(&self) -> &Tool {
        &self.tool
    }

    /// The arguments mirrored in `Mcp-Param-{name}` headers (2026-07-28
    /// `x-mcp-header`): each one's path in the arguments object, and the
    /// header's name. Read from the input schema once.
    #[cfg_attr(not(feature = "server-http"), allow(dead_code))]
    pub(crate) fn mirrored_params(&self) -> &[MirroredParam] {
        self.mirrored.get_or_init(|| {
            let mut marked = Vec::new();
            collect_marked(&self.tool.input_schema, &mut Vec::new(), &mut marked);
            marked
        })
    }

    /// Runs the tool with raw arguments.
    pub fn call(&self, ctx: &Context, arguments: Option<&RawValue>) -> ToolFuture {
        (self.call)(CallInput { ctx, arguments, mode: self.mode })
    }
}

/// The `properties` paths of an input schema that carry `x-mcp-header`.
#[cfg_attr(not(feature = "server-http"), allow(dead_code))]
fn collect_marked(schema: &serde_json::Value, path: &mut Vec<String>, out: &mut Vec<MirroredParam>) {
    if let Some(name) = schema.get("x-mcp-header").and_then(serde_json::Value::as_str) {
        out.push((path.clone(), name.to_owned()));
    }
    for (key, property) in schema.get("properties").and_then(serde_json::Value::as_object).into_iter().flatten() {
        path.push(key.clone());
        collect_marked(property, path, out);
        path.pop();
    }
}

impl std::fmt::Debug for ToolDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToolDef").field("name", &self.tool.name).finish_non_exhaustive()
    }
}

/// Fails compilation (in a `const`) when `names[index]` is one of the
/// names before it; the message is `before`, the name, then `after`.
pub const fn assert_new_name(names: &[&str], index: usize, before: &str, after: &str) {
    let mut earlier = 0;
    while earlier < index {
        if str_eq(names[earlier], names[index]) {
            let (buffer, length) = joined::<512>([before, names[index], after]);
            let (message, _) = buffer.split_at(length);
            match core::str::from_utf8(message) {
                Ok(message) => panic!("{}", message),
                Err(_) => panic!("two entries have the same name"),
            }
        }
        earlier += 1;
    }
}

/// `parts` one after the other, cut at `N` bytes, and their length.
const fn joined<const N: usize>(parts: [&str; 3]) -> ([u8; N], usize) {
    let mut buffer = [0u8; N];
    let mut length = 0;
    let mut part = 0;
    while part < parts.len() {
        let bytes = parts[part].as_bytes();
        let mut i = 0;
        while i < bytes.len() && length < N {
            buffer[length] = bytes[i];
            length += 1;
            i += 1;
        }
        part += 1;
    }
    (buffer, length)
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Runs a sync tool body on tokio's blocking pool. A panic there goes on
/// in the calling task, where `tools/call` turns it into an `isError`
/// result as it does any tool's.
pub async fn run_blocking<R: Send + 'static>(body: impl FnOnce() -> R + Send + 'static) -> Result<R, CallToolResult> {
    tokio::task::spawn_blocking(body).await.map_err(|e| match e.try_into_panic() {
        Ok(payload) => std::panic::resume_unwind(payload),
        Err(_) => CallToolResult::error("the tool was cancelled"),
    })
}
