//! Serving any session from any instance behind a load balancer: session
//! records in a shared store, the relay of events between instances, and
//! the copy of request streams other instances resume from.

pub(super) mod event_copy;
pub(super) mod relay;
pub(super) mod shared_sessions;
