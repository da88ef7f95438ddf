//! The front door: accepting connections within limits a peer cannot
//! stretch, TLS, and the share of connections standing streams may hold.

pub(super) mod listener;
pub(super) mod standing;
#[cfg(feature = "tls")]
pub(super) mod tls;
