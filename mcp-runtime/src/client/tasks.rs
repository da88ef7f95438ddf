//! Calling tools as tasks (the Tasks extension), and following them.

use std::time::Duration;

use serde_json::{json, Map, Value};

use super::server_link::protocol;
use super::{input, Client, Error};
use crate::protocol::{CallToolResult, TaskInfo, TaskStatus, TASKS_EXTENSION};

/// What a call made with [`Client::call_tool_as_task`] came back with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TaskCall {
    /// The server answered directly.
    Done(CallToolResult),
    /// The server made the call a task, in this state.
    Task(TaskInfo),
}

/// The shortest poll interval the client keeps to, whatever the server
/// suggests.
const MIN_POLL: Duration = Duration::from_millis(50);

impl Client {
    /// Calls a tool, declaring that this client can follow a task: the
    /// server may then make the call one (a `#[tool(task = "..")]` tool
    /// does). Under a revision without the extension (a session), the call
    /// is a plain one.
    pub async fn call_tool_as_task(&self, name: &str, arguments: Value) -> Result<TaskCall, Error> {
        if self.version.uses_initialize() {
            return self.call_tool(name, arguments).await.map(TaskCall::Done);
        }
        let params = self.with_tasks(json!({ "name": name, "arguments": arguments }));
        let result: Value = self.request("tools/call", params).await?;
        if result.get("resultType").and_then(Value::as_str) == Some("task") {
            return self.parse(result, "tools/call").map(TaskCall::Task);
        }
        self.parse(result, "tools/call").map(TaskCall::Done)
    }

    /// The task's state (`tasks/get`).
    pub async fn get_task(&self, task_id: &str) -> Result<TaskInfo, Error> {
        let result: Value = self.request("tasks/get", self.with_tasks(json!({ "taskId": task_id }))).await?;
        self.parse(result, "tasks/get")
    }

    /// Answers what the task asks (`tasks/update`), by key.
    pub async fn update_task(&self, task_id: &str, responses: Map<String, Value>) -> Result<(), Error> {
        let params = self.with_tasks(json!({ "taskId": task_id, "inputResponses": responses }));
        let _: Value = self.request("tasks/update", params).await?;
        Ok(())
    }

    /// Asks the server to cancel the task (`tasks/cancel`); it may still
    /// end otherwise.
    pub async fn cancel_task(&self, task_id: &str) -> Result<(), Error> {
        let _: Value = self.request("tasks/cancel", self.with_tasks(json!({ "taskId": task_id }))).await?;
        Ok(())
    }

    /// Polls the task until it ends, at the interval the server suggests,
    /// answering what it asks with this client's handlers, and calling
    /// `on_status` with each state it sees. A completed task gives its
    /// result; a failed one [`Error::Rpc`] with its error; a cancelled one
    /// [`Error::Protocol`].
    pub async fn wait_for_task(
        &self,
        task_id: &str,
        mut on_status: impl FnMut(&TaskInfo),
    ) -> Result<CallToolResult, Error> {
        let mut answered = std::collections::HashSet::new();
        loop {
            let task = self.get_task(task_id).await?;
            on_status(&task);
            match task.status {
                TaskStatus::Completed => return self.parse(task.result.unwrap_or(Value::Null), "tasks/get"),
                TaskStatus::Failed => {
                    let error = task.error.unwrap_or_else(|| crate::protocol::ErrorObject::internal("the task failed"));
                    return Err(Error::Rpc { server: self.conn.server.clone(), error });
                }
                TaskStatus::Cancelled => return Err(protocol(&self.conn, format!("task `{task_id}` was cancelled"))),
                _ => {}
            }
            let asked: Map<String, Value> = task
                .input_requests
                .unwrap_or_default()
                .into_iter()
                .filter(|(key, _)| !answered.contains(key))
                .collect();
            if !asked.is_empty() {
                let responses = input::answer_all(&self.conn, &asked).await?;
                answered.extend(responses.keys().cloned());
                self.update_task(task_id, responses).await?;
                continue;
            }
            let poll = Duration::from_millis(task.poll_interval_ms.unwrap_or(500)).max(MIN_POLL);
            tokio::time::sleep(poll).await;
        }
    }

    /// Calls a tool as a task and waits for its result, as
    /// [`Client::wait_for_task`] does; a direct answer is returned as is.
    pub async fn call_tool_and_wait(
        &self,
        name: &str,
        arguments: Value,
        on_status: impl FnMut(&TaskInfo),
    ) -> Result<CallToolResult, Error> {
        match self.call_tool_as_task(name, arguments).await? {
            TaskCall::Done(result) => Ok(result),
            TaskCall::Task(task) => self.wait_for_task(&task.task_id, on_status).await,
        }
    }

    /// `params` with this client's capabilities, plus the extension, in `_meta`.
    fn with_tasks(&self, mut params: Value) -> Value {
        let key = "io.modelcontextprotocol/clientCapabilities";
        let mut capabilities = self.conn.meta_field(key).unwrap_or_else(|| json!({}));
        if !capabilities["extensions"].is_object() {
            capabilities["extensions"] = json!({});
        }
        capabilities["extensions"][TASKS_EXTENSION] = json!({});
        params["_meta"] = json!({ key: capabilities });
        params
    }

    fn parse<T: serde::de::DeserializeOwned>(&self, value: Value, method: &str) -> Result<T, Error> {
        serde_json::from_value(value).map_err(|e| protocol(&self.conn, format!("`{method}` result: {e}")))
    }
}
