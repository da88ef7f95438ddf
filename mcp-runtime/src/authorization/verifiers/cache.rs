//! Identities of tokens already verified, by the token's SHA-256, until
//! they lapse: a client sends the same token with every request, and a
//! signature check or an introspection round trip costs far more than a
//! hash and a lookup.

use crate::util::MutexExt;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hmac_sha256::Hash;

use crate::handler::Identity;

/// The most tokens kept; when full, lapsed ones go, then all of them.
const MAX_CACHED: usize = 10_000;

/// Values by token key, each until it lapses, at most [`MAX_CACHED`].
pub(super) struct Lapsing<V> {
    entries: Mutex<HashMap<[u8; 32], (V, Instant)>>,
}

impl<V> Default for Lapsing<V> {
    fn default() -> Self {
        Lapsing { entries: Mutex::default() }
    }
}

impl<V: Clone> Lapsing<V> {
    /// The value of `key` (for a [`TokenCache`], the identity of a
    /// verified token), if it has not lapsed.
    pub(super) fn get(&self, key: &[u8; 32]) -> Option<V> {
        let entries = self.entries.locked();
        entries.get(key).filter(|(_, until)| Instant::now() < *until).map(|(value, _)| value.clone())
    }

    /// Keeps `value` for `period`.
    fn insert(&self, key: [u8; 32], value: V, period: Duration) {
        let now = Instant::now();
        let until = now.checked_add(period).unwrap_or(now);
        let mut entries = self.entries.locked();
        if entries.len() >= MAX_CACHED {
            entries.retain(|_, (_, until)| now < *until);
            if entries.len() >= MAX_CACHED {
                entries.clear();
            }
        }
        entries.insert(key, (value, until));
    }
}

/// Verified tokens and when each stops being trusted.
pub(super) type TokenCache = Lapsing<Identity>;

/// A token's cache key.
pub(super) fn key(token: &str) -> [u8; 32] {
    Hash::hash(token.as_bytes())
}

impl TokenCache {
    /// Keeps `identity` for at most `period`, and never past its `exp`.
    pub(super) fn put(&self, key: [u8; 32], identity: &Identity, period: Duration) {
        self.insert(key, identity.clone(), period.min(lifetime(identity)));
    }
}

/// Tokens the issuer called inactive, by key, and until when that answer
/// stands: a client that retries a dead token in a loop costs one round
/// trip per period, not one per request. Kept apart from [`TokenCache`],
/// so that a flood of junk tokens cannot push verified ones out.
pub(super) type RefusedCache = Lapsing<()>;

impl RefusedCache {
    /// Whether `key` was refused and the refusal still stands.
    pub(super) fn holds(&self, key: &[u8; 32]) -> bool {
        self.get(key).is_some()
    }

    /// Remembers that `key` was refused, for `period`.
    pub(super) fn refuse(&self, key: [u8; 32], period: Duration) {
        self.insert(key, (), period);
    }
}

/// How long until the token expires (forever without `exp`).
fn lifetime(identity: &Identity) -> Duration {
    let Some(exp) = identity.expires_at() else { return Duration::MAX };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    Duration::from_secs(exp).saturating_sub(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_lapses_with_its_token() {
        let cache = TokenCache::default();
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        cache.put(key("live"), &Identity::new("ada").with_expiry(now + 600), Duration::from_secs(60));
        cache.put(key("expired"), &Identity::new("bob").with_expiry(now.saturating_sub(1)), Duration::from_secs(60));
        assert_eq!(cache.get(&key("live")).map(|i| i.subject().to_owned()).as_deref(), Some("ada"));
        assert!(cache.get(&key("expired")).is_none());
        assert!(cache.get(&key("unknown")).is_none());
    }

    #[test]
    fn a_refusal_stands_for_its_period() {
        let refused = RefusedCache::default();
        refused.refuse(key("dead"), Duration::from_secs(60));
        refused.refuse(key("brief"), Duration::ZERO);
        assert!(refused.holds(&key("dead")));
        assert!(!refused.holds(&key("brief")) && !refused.holds(&key("unknown")));
    }
}
