//! A request on its way to an answer, and how it gets a slot to run in.

use std::sync::Arc;

use tokio::runtime::Handle;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::in_flight::Ticket;
use crate::protocol::jsonrpc;
use crate::server::call::Route;
use crate::server::core::ServerCore;
use crate::server::session::Session;

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
}

impl Job {
    /// Runs the job on `runtime` once it has a slot in `running`.
    pub(super) fn launch(self, admission: Admission, running: &Arc<Semaphore>, runtime: &Handle) {
        match admission {
            Admission::Run(permit) => {
                runtime.spawn(self.run(permit));
            }
            Admission::Wait(place) => {
                let running = Arc::clone(running);
                runtime.spawn(async move {
                    let permit = tokio::select! {
                        biased;
                        // Cancelled while it waited: never answered; the ticket frees the id.
                        () = self.ticket.cancel.cancelled() => return,
                        permit = acquire(running) => permit,
                    };
                    drop(place);
                    self.run(permit).await;
                });
            }
        }
    }

    async fn run(self, permit: OwnedSemaphorePermit) {
        let Job { core, session, request, ticket } = self;
        let route = Route { session: Some(session), sink: Arc::clone(&ticket.sink), cancel: ticket.cancel.clone() };
        let frame = tokio::select! {
            biased;
            () = ticket.cancel.cancelled() => None,
            frame = core.answer(request, None, route) => Some(frame),
        };
        ticket.free_id();
        if let Some(frame) = frame {
            ticket.sink.send(frame);
        }
        drop(ticket);
        drop(permit);
    }
}

/// A permit from a semaphore its connection never closes.
pub(super) async fn acquire(semaphore: Arc<Semaphore>) -> OwnedSemaphorePermit {
    match semaphore.acquire_owned().await {
        Ok(permit) => permit,
        Err(_) => unreachable!("a connection never closes its semaphores"),
    }
}
