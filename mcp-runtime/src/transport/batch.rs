//! JSON-RPC batches (2025-03-26): their requests run side by side, in one
//! slot, and their answers go out as one array. What the requests send
//! while they run (progress, logs, requests to the client) goes to the
//! connection's own sink, so that the batch's sink carries only the array.

use std::sync::Arc;

use tokio::runtime::Handle;
use tokio::sync::Semaphore;

use super::in_flight::Ticket;
use super::job::{acquire, Admission};
use crate::handler::Extensions;
use crate::protocol::{jsonrpc, Sink};
use crate::server::call::Route;
use crate::server::core::ServerCore;
use crate::server::session::Session;
use crate::util::{join_all, unless_cancelled};

/// A batch ready to run.
pub(super) struct BatchJob {
    pub(super) core: Arc<ServerCore>,
    pub(super) session: Arc<Session>,
    /// The requests, each with its place in flight (on the connection's sink).
    pub(super) requests: Vec<(jsonrpc::Request, Ticket)>,
    /// Answers known before anything runs (errors, `ping`).
    pub(super) frames: Vec<Vec<u8>>,
    /// Where the array goes.
    pub(super) answer: Sink,
    /// `answer` carries this batch alone: finish it after the array.
    pub(super) own_sink: bool,
    /// What the transport attached to every request of the batch.
    pub(super) extensions: Extensions,
}

impl BatchJob {
    /// Runs the batch on `runtime`, in a slot of `running` when it has requests.
    pub(super) fn launch(self, admission: Option<Admission>, running: &Arc<Semaphore>, runtime: &Handle) {
        let running = Arc::clone(running);
        runtime.spawn(async move {
            let _slot = match admission {
                Some(Admission::Run(permit)) => Some(permit),
                Some(Admission::Wait(place)) => {
                    let permit = acquire(running).await;
                    drop(place);
                    Some(permit)
                }
                None => None,
            };
            self.run().await;
        });
    }

    async fn run(self) {
        let BatchJob { core, session, requests, mut frames, answer, own_sink, extensions } = self;
        let answers = requests.into_iter().map(|(request, ticket)| {
            let route = Route {
                session: Some(Arc::clone(&session)),
                sink: Arc::clone(&ticket.sink),
                cancel: ticket.cancel.clone(),
                extensions: extensions.clone(),
            };
            let core = Arc::clone(&core);
            async move {
                let frame = unless_cancelled(&ticket.cancel, core.answer(request, None, route)).await;
                ticket.free_id();
                frame
            }
        });
        frames.extend(join_all(answers).await.into_iter().flatten());
        if !frames.is_empty() {
            answer.send(join_batch(frames));
        }
        if own_sink {
            answer.finish();
        }
    }
}

fn join_batch(frames: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(frames.iter().map(|f| f.len() + 1).sum::<usize>() + 2);
    out.push(b'[');
    for (i, frame) in frames.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(frame);
    }
    out.push(b']');
    out
}
