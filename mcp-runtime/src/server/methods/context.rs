//! The [`Context`] a handler gets, and the 2026-07-28 input rounds a
//! handler's questions to the client run in.

use std::future::Future;
use std::sync::Arc;

use serde_json::Value;

use crate::handler::context::{ClientAnswers, ContextParts, Peer};
use crate::handler::{Context, Extensions};
use crate::protocol::ErrorObject;
use crate::server::call::{Reply, Request};
use crate::server::core::ServerCore;
use crate::server::input::InputRound;
use crate::util::{race, Either};

/// The context for a request's handler, holding the request's extensions.
pub(crate) fn handler_context(
    core: &ServerCore,
    req: &Request,
    extensions: Extensions,
    progress_token: Option<Value>,
    round: Option<Arc<InputRound>>,
) -> Context {
    let stateless = req.scope.stateless;
    let peer = req.route.session.clone().filter(|_| !stateless).map(|s| s as Arc<dyn Peer>);
    Context::new(ContextParts {
        request_id: req.id.clone(),
        scope: Arc::clone(&req.scope),
        out: Arc::clone(&req.route.sink),
        cancel: req.route.cancel.clone(),
        progress_token,
        peer,
        input: round.map(|r| r as Arc<dyn ClientAnswers>),
        state: Arc::clone(&core.state),
        extensions,
    })
}

/// The input round of a stateless request (`None` in the session era).
pub(crate) async fn round_for(core: &ServerCore, req: &Request) -> Result<Option<Arc<InputRound>>, ErrorObject> {
    if !req.scope.stateless {
        return Ok(None);
    }
    let caller = req.extensions.get::<crate::handler::Identity>().map(crate::handler::Identity::owner);
    InputRound::for_request(&core.state_key, req.method.as_str(), req.params.as_deref(), caller).await.map(Some)
}

/// Runs a handler; under 2026-07-28, when it asks the client for something
/// not yet answered, stops it and returns `input_required`.
pub(crate) async fn run_round<T>(
    core: &ServerCore,
    round: Option<&Arc<InputRound>>,
    work: impl Future<Output = T>,
) -> Result<T, Reply> {
    match round {
        Some(round) => match race(work, round.needed()).await {
            Either::Left(done) => Ok(done),
            Either::Right(()) => Err(Reply::Json(round.input_required(&core.state_key))),
        },
        None => Ok(work.await),
    }
}
