//! `requestState` for 2026-07-28's multi-round-trip requests: what a call
//! has learnt from the client so far, carried by the client between rounds
//! and protected by an HMAC with the server's key: random per process, or
//! derived from a secret that every instance behind a load balancer
//! shares (`Server::request_state_key`), so that any instance can take
//! the next round.
//!
//! The token is `base64url(json) "." base64url(hmac)`. It binds the method
//! and a digest of the request's params, and the caller (issuer and
//! subject) when the server authorizes requests; it lists the input keys
//! still expected, expires after ten minutes, and carries a nonce so that
//! each token is accepted once: by this process, or by every instance that
//! shares a [`NonceStore`] (Redis, with `--redis`).

use crate::util::MutexExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac_sha256::{Hash, HMAC};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::protocol::ErrorObject;
use crate::store::{NonceStore, StoreError};
use crate::util::{base64url, random_bytes};

const LIFETIME_SECS: u64 = 600;
/// How long a shared nonce outlives its state.
const CLOCK_MARGIN_SECS: u64 = 60;

/// What one round hands to the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RoundState {
    /// The method the state belongs to.
    pub(crate) method: String,
    /// SHA-256 of the request's params, without `_meta`, `inputResponses` and `requestState`.
    pub(crate) digest: String,
    /// Every answer the client has given so far.
    pub(crate) answers: Map<String, Value>,
    /// The keys asked for in the last round.
    pub(crate) pending: Vec<String>,
    /// Who made the request (issuer and subject), when it was authorized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) caller: Option<String>,
    nonce: String,
    expires: u64,
}

impl RoundState {
    pub(crate) fn new(method: &str, digest: String, answers: Map<String, Value>, pending: Vec<String>) -> Self {
        let nonce = base64url::encode(&random_bytes::<16>());
        let expires = now() + LIFETIME_SECS;
        RoundState { method: method.into(), digest, answers, pending, caller: None, nonce, expires }
    }

    /// Binds the state to the caller that made the request.
    pub(crate) fn for_caller(mut self, caller: Option<String>) -> Self {
        self.caller = caller;
        self
    }
}

/// The shortest secret [`StateKey::from_secret`] takes.
pub(crate) const MIN_SECRET_BYTES: usize = 32;

/// Seals and opens states with this server's key.
pub(crate) struct StateKey {
    key: [u8; 32],
    /// The nonces spent here, when no store is shared.
    used: Mutex<HashMap<String, u64>>,
    /// The nonces spent by any instance, when a store is shared.
    shared: OnceLock<Arc<dyn NonceStore>>,
}

impl StateKey {
    /// A fresh random key.
    pub(crate) fn random() -> Self {
        StateKey { key: random_bytes::<32>(), used: Mutex::default(), shared: OnceLock::new() }
    }

    /// The key every process given `secret` derives alike (at least
    /// [`MIN_SECRET_BYTES`], checked by the builder).
    pub(crate) fn from_secret(secret: &[u8]) -> Self {
        let key = HMAC::mac(b"mcp-runtime requestState key v1", secret);
        StateKey { key, used: Mutex::default(), shared: OnceLock::new() }
    }

    /// The opaque token for a state.
    pub(crate) fn seal(&self, state: &RoundState) -> String {
        let json = serde_json::to_vec(state).unwrap_or_default();
        format!("{}.{}", base64url::encode(&json), base64url::encode(&self.tag(&json)))
    }

    /// Keeps spent nonces in `store`, shared with the other instances, from
    /// now on (the first store given stays).
    #[cfg(feature = "server-http")]
    pub(crate) fn share_nonces(&self, store: Arc<dyn NonceStore>) {
        let _ = self.shared.set(store);
    }

    /// Verifies a token and runs `check` on its state (which belongs to
    /// this request and caller?); [`StateKey::spend`] then uses it up. A
    /// state that fails `check` is not spent, so that nobody but its owner
    /// can use it up.
    pub(crate) fn verify(
        &self,
        token: &str,
        check: impl FnOnce(&RoundState) -> Result<(), ErrorObject>,
    ) -> Result<RoundState, ErrorObject> {
        let (body, tag) = token.split_once('.').ok_or_else(|| invalid("it is malformed"))?;
        let json = base64url::decode(body).ok_or_else(|| invalid("it is malformed"))?;
        let tag = base64url::decode(tag).ok_or_else(|| invalid("it is malformed"))?;
        let tag: [u8; 32] = tag.try_into().map_err(|_| invalid("it is malformed"))?;
        if !HMAC::verify(&json, self.key, &tag) {
            return Err(invalid("it was tampered with or signed by another server"));
        }
        let state: RoundState = serde_json::from_slice(&json).map_err(|_| invalid("it is malformed"))?;
        if state.expires < now() {
            return Err(invalid("it has expired; start the request again"));
        }
        check(&state)?;
        Ok(state)
    }

    /// Uses a verified state up: each opens once, here or, with a shared
    /// store, on any instance.
    pub(crate) async fn spend(&self, state: &RoundState) -> Result<(), ErrorObject> {
        let Some(store) = self.shared.get() else { return self.spend_here(state) };
        // A minute more than the state lives, for clocks that differ between instances.
        let ttl = Duration::from_secs(state.expires.saturating_sub(now()) + CLOCK_MARGIN_SECS);
        match store.spend(&state.nonce, ttl).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(already_used()),
            Err(error) => Err(store_unavailable(&error)),
        }
    }

    fn spend_here(&self, state: &RoundState) -> Result<(), ErrorObject> {
        let mut used = self.used.locked();
        let now = now();
        used.retain(|_, expires| *expires >= now);
        if used.insert(state.nonce.clone(), state.expires).is_some() {
            return Err(already_used());
        }
        Ok(())
    }

    fn tag(&self, data: &[u8]) -> [u8; 32] {
        HMAC::mac(data, self.key)
    }
}

/// SHA-256 (hex) of the params that identify a request across rounds.
pub(crate) fn params_digest(params: Option<&serde_json::value::RawValue>) -> String {
    let mut map: Map<String, Value> = params.and_then(|p| serde_json::from_str(p.get()).ok()).unwrap_or_default();
    for volatile in ["_meta", "inputResponses", "requestState"] {
        map.remove(volatile);
    }
    // serde_json's map is ordered by key, so this serialization is canonical.
    let canonical = serde_json::to_vec(&map).unwrap_or_default();
    crate::util::hex(&Hash::hash(&canonical))
}

fn already_used() -> ErrorObject {
    invalid("it was already used; retry with the state from the latest round")
}

/// The `data` member that marks an error as passing (the shared store is
/// down): over HTTP the answer is a 503 with `Retry-After`.
const RETRY_AFTER_SECONDS: &str = "retryAfterSeconds";

fn store_unavailable(error: &StoreError) -> ErrorObject {
    crate::observe::store_error("spend");
    tracing::warn!("{error}");
    ErrorObject::internal(format!("`requestState` could not be checked: {error}; try again shortly"))
        .with_data(serde_json::json!({ RETRY_AFTER_SECONDS: 1 }))
}

pub(crate) fn invalid(why: &str) -> ErrorObject {
    ErrorObject::invalid_params(format!("invalid `requestState`: {why}"))
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> RoundState {
        RoundState::new("tools/call", "d".into(), Map::new(), vec!["elicit_0".into()])
    }

    #[test]
    fn keys_from_a_secret_are_hmac_sha256_of_the_label_as_before() {
        // RFC 4231, test case 2: HMAC(key, message) in that order.
        assert_eq!(
            crate::util::hex(&HMAC::mac(b"what do ya want for nothing?", b"Jefe")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Instances that share a secret must keep deriving this key.
        let key = StateKey::from_secret(b"0123456789abcdef0123456789abcdef");
        assert_eq!(crate::util::hex(&key.key), "cf83a1936b726cabca3a0937eb66dc479d5ea6982c608d85afa7f988d4ec0220");
    }

    impl StateKey {
        fn open(
            &self,
            token: &str,
            check: impl FnOnce(&RoundState) -> Result<(), ErrorObject>,
        ) -> Result<RoundState, ErrorObject> {
            let state = self.verify(token, check)?;
            self.spend_here(&state)?;
            Ok(state)
        }
    }

    #[test]
    fn sealed_states_open_once() {
        let key = StateKey::random();
        let token = key.seal(&state());
        assert_eq!(key.open(&token, |_| Ok(())).expect("opens").pending, ["elicit_0"]);
        assert!(key.open(&token, |_| Ok(())).expect_err("replayed").message.contains("already used"));
    }

    #[test]
    fn tampering_and_foreign_keys_are_detected() {
        let key = StateKey::random();
        let token = key.seal(&state());
        let (body, tag) = token.split_once('.').expect("dot");
        let mut json = base64url::decode(body).expect("b64");
        let at = json.iter().position(|&b| b == b'd').expect("a d");
        json[at] = b'e';
        let forged = format!("{}.{tag}", base64url::encode(&json));
        assert!(key.open(&forged, |_| Ok(())).expect_err("tampered").message.contains("tampered"));
        assert!(StateKey::random().open(&token, |_| Ok(())).is_err());
        assert!(key.open("garbage", |_| Ok(())).is_err());
    }

    #[test]
    fn processes_with_one_secret_open_each_others_states() {
        let secret = b"a secret shared by every instance, 32+ bytes";
        let (one, other) = (StateKey::from_secret(secret), StateKey::from_secret(secret));
        let token = one.seal(&state());
        assert_eq!(other.open(&token, |_| Ok(())).expect("opens").pending, ["elicit_0"]);
        let stranger = StateKey::from_secret(b"another secret of thirty-two bytes!");
        assert!(stranger.open(&one.seal(&state()), |_| Ok(())).is_err());
    }

    #[test]
    fn digests_ignore_volatile_members() {
        let a = serde_json::value::RawValue::from_string(r#"{"name":"x","_meta":{"a":1}}"#.into()).expect("json");
        let b = serde_json::value::RawValue::from_string(r#"{"requestState":"s","name":"x"}"#.into()).expect("json");
        assert_eq!(params_digest(Some(&a)), params_digest(Some(&b)));
    }
}
