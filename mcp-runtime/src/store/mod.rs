//! Shared state for instances behind a load balancer: what a session-era
//! session needs to be served by any instance, behind [`SessionStore`], so
//! that a Redis (feature `redis`), Postgres or NATS implementation can be
//! plugged in without touching the core.
//!
//! Task records (the Tasks extension) live behind [`TaskStore`]: in
//! memory by default, in Redis with `--redis`.
//!
//! Only state lives in a store. What runs (tools in flight, open streams)
//! stays in the process that holds it.

mod bus;
mod events;
mod nonce;
#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "redis")]
mod redis_events;
#[cfg(feature = "redis")]
mod redis_tasks;
mod session;
mod tasks;

#[cfg(feature = "redis")]
pub use self::redis::RedisStore;
pub use bus::{BusEvent, BusStream, NotificationBus};
pub use events::{EventLog, EventPage, StoredEvent};
pub use nonce::NonceStore;
pub use session::{SessionRecord, SessionStore, StoreError, StoreFuture};
pub use tasks::{MemoryTasks, TaskEntry, TaskRecord, TaskStore};
