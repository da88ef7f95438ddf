//! The handlers the router sends requests to, one file per endpoint:
//! `POST /mcp`, the session's `GET`/`DELETE /mcp`, legacy SSE, WebSocket
//! upgrades, health, the protected-resource metadata and metrics.

pub(super) mod health;
pub(super) mod legacy_sse;
pub(super) mod metadata;
#[cfg(feature = "metrics")]
pub(super) mod metrics;
pub(super) mod post;
pub(super) mod session_stream;
#[cfg(feature = "server-websocket")]
pub(super) mod websocket;
