//! HTTP connectors (feature `client-http`): Streamable HTTP, the legacy
//! HTTP+SSE transport, and discovery between them.

mod auto;
mod common;
mod legacy_sse;
mod streamable;
pub(crate) mod wire;

#[cfg(all(feature = "tls", feature = "client-websocket"))]
pub(crate) use crate::fetch::tls::connect as tls_connect;
pub(crate) use auto::connect_auto;
pub(crate) use common::Tasks;
pub(crate) use legacy_sse::connect as connect_sse;
pub(crate) use streamable::connect as connect_streamable;
