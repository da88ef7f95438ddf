//! A request on its way to an answer, and how it gets a slot to run in.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll, Waker};

use tokio::runtime::Handle;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::in_flight::Ticket;
use crate::handler::panic::panic_message;
use crate::handler::Extensions;
use crate::protocol::jsonrpc;
use crate::server::call::Route;
use crate::server::core::ServerCore;
use crate::server::session::Session;
use crate::util::unless_cancelled;

/// How a request got its turn: a slot to run in, or a place in the queue.
pub(super) enum Admission {
    Run(OwnedSemaphorePermit),
    Wait(OwnedSemaphorePermit),
}

/// One request: everything its task needs.
pub(super) struct Job {
    pub(super) core: Arc<ServerCore>,
    pub(super) session: Arc<Session>,
    pub(super) request: jsonrpc::Request,
    pub(super) ticket: Ticket,
    pub(super) extensions: Extensions,
}

impl Job {
    /// Runs the job once it has a slot in `running`. With `here`, it starts
    /// on the calling thread, so that a quick tool answers without waking
    /// another thread; otherwise it goes to the runtime at once.
    pub(super) fn launch(self, admission: Admission, running: &Arc<Semaphore>, runtime: &Handle, here: bool) {
        match admission {
            Admission::Run(permit) if here => run_here_then_spawn(self.run(permit), runtime),
            Admission::Run(permit) => {
                runtime.spawn(self.run(permit));
            }
            Admission::Wait(place) => {
                let running = Arc::clone(running);
                runtime.spawn(async move {
                    // Cancelled while it waited: never answered; the ticket frees the id.
                    let Some(permit) = unless_cancelled(&self.ticket.cancel, acquire(running)).await else { return };
                    drop(place);
                    self.run(permit).await;
                });
            }
        }
    }

    async fn run(self, permit: OwnedSemaphorePermit) {
        let Job { core, session, request, ticket, extensions } = self;
        let route =
            Route { session: Some(session), sink: Arc::clone(&ticket.sink), cancel: ticket.cancel.clone(), extensions };
        let frame = unless_cancelled(&ticket.cancel, core.answer(request, None, route)).await;
        ticket.free_id();
        if let Some(frame) = frame {
            ticket.sink.send(frame);
        }
        drop(ticket);
        drop(permit);
    }
}

/// Polls `task` once on this thread; if it is not done, the runtime runs the
/// rest. (A future may be polled with one waker and then another.)
fn run_here_then_spawn(task: impl Future<Output = ()> + Send + 'static, runtime: &Handle) {
    let _entered = runtime.enter();
    let mut task = Box::pin(task);
    let mut cx = TaskContext::from_waker(Waker::noop());
    match std::panic::catch_unwind(AssertUnwindSafe(|| task.as_mut().poll(&mut cx))) {
        Ok(Poll::Ready(())) => {}
        Ok(Poll::Pending) => {
            runtime.spawn(task);
        }
        Err(payload) => tracing::error!("a request's task panicked: {}", panic_message(&*payload)),
    }
}

/// A permit from a semaphore its connection never closes.
pub(super) async fn acquire(semaphore: Arc<Semaphore>) -> OwnedSemaphorePermit {
    acquire_many(semaphore, 1).await
}

/// `n` permits from a semaphore its connection never closes.
pub(super) async fn acquire_many(semaphore: Arc<Semaphore>, n: u32) -> OwnedSemaphorePermit {
    match semaphore.acquire_many_owned(n).await {
        Ok(permit) => permit,
        Err(_) => unreachable!("a connection never closes its semaphores"),
    }
}
