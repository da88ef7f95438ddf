//! The Tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663) on the
//! 2026-07-28 wire: a tool call the server turns into a task answers with
//! a `CreateTaskResult`, and the client follows it with `tasks/get`,
//! `tasks/update` and `tasks/cancel`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{codes, ErrorObject};

/// The extension's identifier, in `capabilities.extensions` and in a
/// request's declared client capabilities.
pub const TASKS_EXTENSION: &str = "io.modelcontextprotocol/tasks";

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TaskStatus {
    /// Running.
    Working,
    /// Waiting for the client's answers to its `inputRequests`.
    InputRequired,
    /// Finished with a result (a tool error is a result too).
    Completed,
    /// Ended with a JSON-RPC error.
    Failed,
    /// Cancelled at the client's request.
    Cancelled,
}

impl TaskStatus {
    /// Whether the task has ended: its state no longer changes.
    pub fn is_terminal(self) -> bool {
        matches!(self, TaskStatus::Completed | TaskStatus::Failed | TaskStatus::Cancelled)
    }
}

/// A task as `tasks/get` shows it: the flat `Task` fields, plus the
/// result, error or input requests its status carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TaskInfo {
    /// The task's unguessable id.
    pub task_id: String,
    /// Where it stands.
    pub status: TaskStatus,
    /// A human-readable note on the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// When it was created (ISO 8601).
    pub created_at: String,
    /// When its status last changed (ISO 8601).
    pub last_updated_at: String,
    /// How long after its creation it is kept, in milliseconds (`None`:
    /// without limit).
    pub ttl_ms: Option<u64>,
    /// How often the server suggests polling it, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_interval_ms: Option<u64>,
    /// What it asks the client, when `input_required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_requests: Option<Map<String, Value>>,
    /// The original request's result, when `completed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    /// The JSON-RPC error it ended with, when `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorObject>,
}

impl TaskInfo {
    /// The `CreateTaskResult` of the call that started it: the flat fields
    /// only, with `resultType: "task"`.
    pub(crate) fn create_result(&self) -> Value {
        let mut value = self.flat();
        value.insert("resultType".into(), json!("task"));
        Value::Object(value)
    }

    /// The `tasks/get` result: the detailed task, with `resultType:
    /// "complete"`.
    pub(crate) fn get_result(&self) -> Value {
        let mut value = match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        value.insert("resultType".into(), json!("complete"));
        Value::Object(value)
    }

    fn flat(&self) -> Map<String, Value> {
        let flat = TaskInfo { input_requests: None, result: None, error: None, ..self.clone() };
        match serde_json::to_value(flat) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        }
    }
}

/// The params of `tasks/get` and `tasks/cancel`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TaskRef {
    pub(crate) task_id: String,
}

/// The params of `tasks/update`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TaskUpdate {
    pub(crate) task_id: String,
    #[serde(default)]
    pub(crate) input_responses: Map<String, Value>,
}

/// The empty acknowledgement of `tasks/update` and `tasks/cancel`.
pub(crate) fn ack() -> Value {
    json!({ "resultType": "complete" })
}

/// Whether declared client capabilities include the extension.
pub(crate) fn declared(capabilities: &Value) -> bool {
    capabilities.get("extensions").and_then(|e| e.get(TASKS_EXTENSION)).is_some_and(Value::is_object)
}

/// `-32021`: the request needs the extension, which the client did not
/// declare.
pub(crate) fn extension_required(what: &str) -> ErrorObject {
    ErrorObject::new(
        codes::MISSING_REQUIRED_CLIENT_CAPABILITY,
        format!("{what} needs the {TASKS_EXTENSION} extension: declare it in the request's client capabilities"),
    )
    .with_data(json!({ "requiredCapabilities": { "extensions": { TASKS_EXTENSION: {} } } }))
}

/// `-32602`: no task has this id (for this caller), or it has expired.
pub(crate) fn not_found(id: &str) -> ErrorObject {
    ErrorObject::invalid_params(format!("Failed to retrieve task: no task `{id}` (it may have expired)"))
}

/// An instant as ISO 8601 in UTC, to the millisecond
/// (`2026-12-07T23:16:16.123Z`).
pub(crate) fn iso8601(unix_ms: u64) -> String {
    let (secs, ms) = (unix_ms / 1000, unix_ms % 1000);
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{ms:03}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// The calendar date `days` after 1970-01-01 (the proleptic Gregorian
/// calendar, by eras of 400 years).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_iso_8601() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(1_796_685_376_123), "2026-12-07T23:16:16.123Z");
    }

    #[test]
    fn the_create_result_is_flat() {
        let task = TaskInfo {
            task_id: "t".into(),
            status: TaskStatus::Completed,
            status_message: None,
            created_at: iso8601(0),
            last_updated_at: iso8601(0),
            ttl_ms: None,
            poll_interval_ms: Some(500),
            input_requests: None,
            result: Some(json!({"content": []})),
            error: None,
        };
        let created = task.create_result();
        assert_eq!(created["resultType"], "task");
        assert!(created.get("result").is_none() && created["ttlMs"].is_null());
        assert_eq!(task.get_result()["result"], json!({"content": []}));
        assert_eq!(task.get_result()["resultType"], "complete");
    }
}
