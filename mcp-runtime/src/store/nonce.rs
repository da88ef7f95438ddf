//! [`NonceStore`]: the `requestState` tokens already used, shared by the
//! instances that share a request-state key, so that a token is accepted
//! once in all rather than once by each.

use std::time::Duration;

use super::session::StoreFuture;

/// Remembers which single-use nonces were spent, until they expire.
pub trait NonceStore: Send + Sync + 'static {
    /// Records `nonce` as spent for `ttl`; `false` when it already was.
    fn spend<'a>(&'a self, nonce: &'a str, ttl: Duration) -> StoreFuture<'a, bool>;
}

impl std::fmt::Debug for dyn NonceStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a nonce store")
    }
}

impl<T: NonceStore> NonceStore for std::sync::Arc<T> {
    fn spend<'a>(&'a self, nonce: &'a str, ttl: Duration) -> StoreFuture<'a, bool> {
        (**self).spend(nonce, ttl)
    }
}
