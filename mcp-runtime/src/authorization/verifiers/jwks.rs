//! The issuer's signing keys (its JWKS), fetched when first needed, kept
//! for an hour, and fetched again for a key id they lack, at most once
//! every 6 s, so that tokens with made-up key ids can neither make the
//! server hammer the issuer nor hold back a really rotated key for long.
//! One fetch serves every request waiting for it, and after a failed one
//! the next waits [`RETRY_AFTER_FAILURE`].

use crate::util::MutexExt;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;
use tokio::sync::Mutex;

use super::discovery;
use crate::authorization::TokenError;
use crate::fetch;

/// How long fetched keys are trusted before they are fetched again.
const MAX_AGE: Duration = Duration::from_secs(3600);
/// The least time between two fetches for unknown key ids: at most ten a
/// minute, spread out, so that junk key ids sent in a burst cannot use up
/// the fetches a really rotated key needs (it is seen within this long).
const REFETCH_INTERVAL: Duration = Duration::from_secs(6);
/// How long after a failed fetch requests use its outcome instead of
/// fetching again.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// One verification key.
#[derive(Clone)]
pub(super) struct Key {
    pub(super) kid: Option<String>,
    pub(super) alg: Algorithm,
    pub(super) key: DecodingKey,
}

/// Where the keys come from, and the keys themselves.
pub(super) struct Keys {
    issuer: String,
    jwks_uri: Option<String>,
    cached: std::sync::Mutex<Cached>,
    /// Held while fetching, so that one fetch serves every waiting request.
    fetching: Mutex<()>,
}

#[derive(Default)]
struct Cached {
    keys: Vec<Key>,
    fetched: Option<Instant>,
    /// The last fetch, whatever its outcome, and its error if it failed.
    attempted: Option<Instant>,
    failure: Option<TokenError>,
    /// The last fetch for an unknown key id.
    refetched: Option<Instant>,
    jwks_uri: Option<String>,
}

impl Cached {
    fn is_stale(&self) -> bool {
        self.fetched.is_none_or(|at| at.elapsed() >= MAX_AGE)
    }

    /// The last fetch failed a moment ago.
    fn backing_off(&self) -> bool {
        self.failure.is_some() && self.attempted.is_some_and(|at| at.elapsed() < RETRY_AFTER_FAILURE)
    }

    /// The keys held (stale ones still verify while the issuer is
    /// unreachable), or why there are none.
    fn outcome(&self, kid: Option<&str>, alg: Algorithm) -> Result<Vec<Key>, TokenError> {
        match &self.failure {
            Some(failure) if self.keys.is_empty() => Err(failure.clone()),
            _ => Ok(matching(&self.keys, kid, alg)),
        }
    }
}

impl Keys {
    pub(super) fn new(issuer: String, jwks_uri: Option<String>) -> Self {
        Keys { issuer, jwks_uri, cached: std::sync::Mutex::default(), fetching: Mutex::new(()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cached> {
        self.cached.locked()
    }

    /// The keys that may have signed a token with this `kid` and `alg`.
    pub(super) async fn candidates(&self, kid: Option<&str>, alg: Algorithm) -> Result<Vec<Key>, TokenError> {
        let attempted_at = {
            let cached = self.lock();
            if !cached.is_stale() {
                let found = matching(&cached.keys, kid, alg);
                if !found.is_empty() || kid.is_none() {
                    return Ok(found);
                }
            }
            if cached.backing_off() {
                return cached.outcome(kid, alg);
            }
            cached.attempted
        };
        let _fetching = self.fetching.lock().await;
        let stale = {
            let mut cached = self.lock();
            if cached.attempted != attempted_at {
                // Fetched (or failed to) while this request waited.
                return cached.outcome(kid, alg);
            }
            if !cached.is_stale() && !may_refetch(&mut cached.refetched) {
                return Ok(Vec::new());
            }
            cached.is_stale()
        };
        if !stale {
            tracing::info!(kid, "fetching the issuer's keys again for an unknown key id");
        }
        let failure = self.fetch().await.err();
        let mut cached = self.lock();
        if let Some(e) = &failure {
            tracing::warn!("the issuer's keys could not be fetched (held keys, if any, still verify): {e}");
        }
        cached.attempted = Some(Instant::now());
        cached.failure = failure;
        cached.outcome(kid, alg)
    }

    async fn fetch(&self) -> Result<(), TokenError> {
        let known = self.jwks_uri.clone().or_else(|| self.lock().jwks_uri.clone());
        let uri = match known {
            Some(uri) => uri,
            None => {
                let metadata = discovery::metadata(&self.issuer).await?;
                let uri = metadata["jwks_uri"].as_str().ok_or_else(|| {
                    TokenError::Unavailable(format!("the metadata of `{}` names no jwks_uri", self.issuer))
                })?;
                self.lock().jwks_uri = Some(uri.to_owned());
                uri.to_owned()
            }
        };
        let reply = fetch::get(&uri).await.map_err(|e| TokenError::Unavailable(e.to_string()))?;
        let document = reply
            .json()
            .filter(|_| reply.is_success())
            .ok_or_else(|| TokenError::Unavailable(format!("the key set at {uri}: {}", reply.describe())))?;
        let mut cached = self.lock();
        cached.keys = keys_of(&document);
        cached.fetched = Some(Instant::now());
        Ok(())
    }
}

/// Whether another fetch for an unknown key id is allowed now; records it.
fn may_refetch(last: &mut Option<Instant>) -> bool {
    if last.is_some_and(|at| at.elapsed() < REFETCH_INTERVAL) {
        return false;
    }
    *last = Some(Instant::now());
    true
}

fn matching(keys: &[Key], kid: Option<&str>, alg: Algorithm) -> Vec<Key> {
    keys.iter().filter(|k| k.alg == alg && (kid.is_none() || k.kid.as_deref() == kid)).cloned().collect()
}

/// The signing keys of a JWKS this verifier can use: RSA (RS256), P-256
/// (ES256) and Ed25519 (EdDSA); keys for encryption, or declaring another
/// algorithm, are skipped.
pub(super) fn keys_of(document: &Value) -> Vec<Key> {
    let listed = document["keys"].as_array().map(Vec::as_slice).unwrap_or_default();
    listed.iter().filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok()).filter_map(|jwk| key_of(&jwk)).collect()
}

fn key_of(jwk: &Jwk) -> Option<Key> {
    let alg = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => Algorithm::RS256,
        AlgorithmParameters::EllipticCurve(p) if p.curve == EllipticCurve::P256 => Algorithm::ES256,
        AlgorithmParameters::OctetKeyPair(p) if p.curve == EllipticCurve::Ed25519 => Algorithm::EdDSA,
        _ => return None,
    };
    let declared_ok = match jwk.common.key_algorithm {
        None => true,
        Some(declared) => matches!(
            (declared, alg),
            (KeyAlgorithm::RS256, Algorithm::RS256)
                | (KeyAlgorithm::ES256, Algorithm::ES256)
                | (KeyAlgorithm::EdDSA, Algorithm::EdDSA)
        ),
    };
    let for_signing = !matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption));
    let key = DecodingKey::from_jwk(jwk).ok()?;
    (declared_ok && for_signing).then(|| Key { kid: jwk.common.key_id.clone(), alg, key })
}

#[cfg(test)]
mod refetch_tests {
    use super::*;

    #[test]
    fn unknown_key_ids_fetch_at_most_once_an_interval() {
        let mut last = None;
        assert!(may_refetch(&mut last), "the first is allowed");
        assert!(!may_refetch(&mut last) && !may_refetch(&mut last), "a burst right after is not");
        last = Instant::now().checked_sub(REFETCH_INTERVAL);
        assert!(may_refetch(&mut last), "one interval later, a rotated key is fetched");
    }
}
