//! Cache hints of 2026-07-28 results: `ttlMs` and `cacheScope`.

/// How long, and for whom, clients may cache list results, reads and
/// `server/discover` (2026-07-28's `ttlMs` and `cacheScope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheHint {
    /// Milliseconds a result stays fresh; 0 means re-fetch every time.
    pub ttl_ms: u64,
    /// Who may share a cached result.
    pub scope: CacheScope,
}

/// Who may share a cached result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheScope {
    /// Any client or intermediary.
    Public,
    /// Only the same authorization context.
    Private,
}

impl Default for CacheHint {
    /// Nothing is cached, and nothing is shared: the safe choice.
    fn default() -> Self {
        CacheHint { ttl_ms: 0, scope: CacheScope::Private }
    }
}
