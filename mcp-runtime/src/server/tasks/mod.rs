//! Tool calls run as tasks (the Tasks extension, `io.modelcontextprotocol/tasks`).
//!
//! A call the server makes a task starts in its request like any call. If
//! it finishes at once, or asks the client something first (an input
//! round, answered synchronously), it is answered as usual. Otherwise it
//! goes on in the background ([`runner`]) and the client gets a
//! `CreateTaskResult`; `tasks/get`, `tasks/update` and `tasks/cancel`
//! ([`crate::server::methods::tasks`]) then reach its record in the
//! [`TaskStore`], from this instance or any other sharing the store.

mod answers;
pub(crate) mod call;
mod progress;
mod runner;
pub(crate) mod state;
