//! [`NonceStore`]: the `requestState` tokens already used, shared by the
//! instances that share a request-state key, so that a token is accepted
//! once in all rather than once by each.

use std::time::Duration;

use super::session::StoreFuture;

/// Remembers which single-use nonces were spent, until they expire.
pub trait NonceStore: Send + Sync + 'static {
    /// Records `nonce` as spent for `ttl`; `false` when it already was.
    fn spend<'a>(&'a self, nonce: &'a str, ttl: Duration) -> StoreFuture<'a, bool>;

    /// A secret that every instance sharing this store agrees on, which
    /// seals `requestState` when the server was given no
    /// `request_state_key`: so that pointing every instance at one store is
    /// enough for any of them to take the next round. `None` (the default)
    /// leaves the key random per process.
    fn shared_secret(&self) -> StoreFuture<'_, Option<Vec<u8>>> {
        Box::pin(async { Ok(None) })
    }
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

    fn shared_secret(&self) -> StoreFuture<'_, Option<Vec<u8>>> {
        (**self).shared_secret()
    }
}
