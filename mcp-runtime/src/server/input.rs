//! One round of a 2026-07-28 multi-round-trip request.
//!
//! The tool's code is the same in both eras: it awaits `ctx.elicit(..)` and
//! the like. Statelessly, each such call gets a deterministic key
//! (`elicit_0`, `sample_1`, ...). A key the client already answered (in
//! `inputResponses`, or in an earlier round carried by `requestState`) is
//! served at once. Otherwise the call is recorded and never completes, and
//! the runtime drops the tool and answers `input_required`. On the retry the
//! tool runs again from the start, with one more answer known.

use crate::util::MutexExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};
use tokio::sync::Notify;

use super::request_state::{invalid, params_digest, RoundState, StateKey};
use crate::handler::context::{BoxFuture, ClientAnswers};
use crate::protocol::ErrorObject;

/// The answers known to this round, and what it asked.
pub(crate) struct InputRound {
    /// Who made the request (issuer and subject), when it was authorized.
    caller: Option<String>,
    method: String,
    /// The request's params, to digest when a round is sealed; the digest
    /// is only made when needed, since most requests never ask anything.
    params: Option<Box<RawValue>>,
    digest: std::sync::OnceLock<String>,
    answers: Map<String, Value>,
    asked: Mutex<Map<String, Value>>,
    next: AtomicUsize,
    needed: Notify,
}

#[derive(Default, Deserialize)]
struct Carried {
    #[serde(rename = "inputResponses")]
    responses: Option<Map<String, Value>>,
    #[serde(rename = "requestState")]
    state: Option<String>,
}

impl InputRound {
    /// The round for a request, from its `inputResponses` and `requestState`.
    pub(crate) async fn for_request(
        key: &StateKey,
        method: &str,
        params: Option<&RawValue>,
        caller: Option<String>,
    ) -> Result<Arc<Self>, ErrorObject> {
        let carried: Carried =
            match params.filter(|p| p.get().contains("inputResponses") || p.get().contains("requestState")) {
                Some(raw) => serde_json::from_str(raw.get()).map_err(ErrorObject::invalid_params)?,
                None => Carried::default(),
            };
        let digest = std::sync::OnceLock::new();
        let (mut answers, pending) = match carried.state {
            Some(token) => {
                let state = key.verify(&token, |state| {
                    if state.method != method || state.digest != *digest.get_or_init(|| params_digest(params)) {
                        return Err(invalid("it belongs to another request"));
                    }
                    if state.caller != caller {
                        return Err(invalid("it belongs to another caller"));
                    }
                    Ok(())
                })?;
                key.spend(&state).await?;
                (state.answers, state.pending)
            }
            None => (Map::new(), Vec::new()),
        };
        for (name, answer) in carried.responses.unwrap_or_default() {
            // An answer to something never asked is dropped; whatever is still
            // missing is simply asked again (the spec's SHOULD).
            if pending.contains(&name) {
                answers.insert(name, answer);
            } else {
                tracing::debug!(key = %name, "ignoring an inputResponse that answers nothing asked");
            }
        }
        let asked = Mutex::default();
        Ok(Arc::new(InputRound {
            caller,
            method: method.into(),
            params: params.map(RawValue::to_owned),
            digest,
            answers,
            asked,
            next: AtomicUsize::new(0),
            needed: Notify::new(),
        }))
    }

    /// The client's answer to an input request: under `key`, or under the
    /// next deterministic key of kind `kind`.
    pub(crate) async fn ask(&self, key: Option<&str>, kind: &str, method: &str, params: Value) -> Value {
        let key = match key {
            Some(key) => key.to_owned(),
            None => format!("{kind}_{}", self.next.fetch_add(1, Ordering::SeqCst)),
        };
        if let Some(answer) = self.answers.get(&key) {
            return answer.clone();
        }
        self.asked.locked().insert(key, json!({ "method": method, "params": params }));
        self.needed.notify_one();
        std::future::pending().await
    }

    /// Completes when the call asked for something not yet answered.
    pub(crate) async fn needed(&self) {
        self.needed.notified().await;
    }

    /// The `input_required` result for what this round asked.
    pub(crate) fn input_required(&self, key: &StateKey) -> Value {
        let asked = std::mem::take(&mut *self.asked.locked());
        let pending = asked.keys().cloned().collect();
        let digest = self.digest.get_or_init(|| params_digest(self.params.as_deref())).clone();
        let state =
            RoundState::new(&self.method, digest, self.answers.clone(), pending).for_caller(self.caller.clone());
        json!({ "resultType": "input_required", "inputRequests": asked, "requestState": key.seal(&state) })
    }
}

impl ClientAnswers for InputRound {
    fn ask<'a>(&'a self, key: Option<&'a str>, kind: &'a str, method: &'a str, params: Value) -> BoxFuture<'a, Value> {
        Box::pin(InputRound::ask(self, key, kind, method, params))
    }
}
