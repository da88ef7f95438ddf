//! The answers a task's tool gets to its questions.
//!
//! Until the call becomes a task, a question is a 2026-07-28 input round,
//! answered synchronously (`input_required`, then the retry). Once it is a
//! task, a question becomes one of the task's `inputRequests`: the tool
//! waits, and the runner hands it the client's answer from `tasks/update`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Map, Value};
use tokio::sync::{oneshot, Notify};

use crate::handler::context::{BoxFuture, ClientAnswers};
use crate::server::input::InputRound;
use crate::util::MutexExt;

/// A task call's answers: from its input round, then from the task.
pub(crate) struct TaskAnswers {
    round: Arc<InputRound>,
    task: OnceLock<Arc<TaskInput>>,
    /// Woken when the tool asks to become a task now.
    pub(crate) wants_task: Notify,
    /// Woken once it is one.
    made_task: Notify,
}

impl TaskAnswers {
    pub(crate) fn new(round: Arc<InputRound>) -> Self {
        TaskAnswers { round, task: OnceLock::new(), wants_task: Notify::new(), made_task: Notify::new() }
    }

    /// From now on, questions go to the task.
    pub(crate) fn make_task(&self) -> Arc<TaskInput> {
        let input = Arc::clone(self.task.get_or_init(Arc::default));
        self.made_task.notify_one();
        input
    }
}

impl ClientAnswers for TaskAnswers {
    fn ask<'a>(&'a self, key: Option<&'a str>, kind: &'a str, method: &'a str, params: Value) -> BoxFuture<'a, Value> {
        match self.task.get() {
            Some(task) => Box::pin(task.ask(key, kind, method, params)),
            None => Box::pin(self.round.ask(key, kind, method, params)),
        }
    }

    fn become_task(&self) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            if self.task.get().is_none() {
                self.wants_task.notify_one();
                self.made_task.notified().await;
            }
        })
    }
}

/// The questions of a running task that wait for answers.
#[derive(Default)]
pub(crate) struct TaskInput {
    next: AtomicUsize,
    /// The outstanding requests, by key, as `inputRequests` shows them.
    asked: Mutex<Map<String, Value>>,
    waiting: Mutex<HashMap<String, oneshot::Sender<Value>>>,
    /// Woken when a question is asked.
    pub(crate) asked_more: Notify,
}

impl TaskInput {
    async fn ask(&self, key: Option<&str>, kind: &str, method: &str, params: Value) -> Value {
        // Task keys are their own namespace, apart from the input round's.
        let key = match key {
            Some(key) => key.to_owned(),
            None => format!("task_{kind}_{}", self.next.fetch_add(1, Ordering::SeqCst)),
        };
        let (answer, answered) = oneshot::channel();
        self.asked.locked().insert(key.clone(), json!({ "method": method, "params": params }));
        self.waiting.locked().insert(key, answer);
        self.asked_more.notify_one();
        match answered.await {
            Ok(value) => value,
            // The task ended first: the tool is about to be dropped.
            Err(_) => std::future::pending().await,
        }
    }

    /// Hands each waiting question its answer, if the client gave one.
    pub(crate) fn deliver(&self, answers: &Map<String, Value>) {
        let mut asked = self.asked.locked();
        let mut waiting = self.waiting.locked();
        for (key, answer) in answers {
            if let Some(question) = waiting.remove(key) {
                asked.remove(key);
                let _ = question.send(answer.clone());
            }
        }
    }

    /// The questions still waiting.
    pub(crate) fn outstanding(&self) -> Map<String, Value> {
        self.asked.locked().clone()
    }
}
