//! Session-era sessions shared through a [`SessionStore`], so that any
//! instance behind a load balancer serves any session: a session this
//! instance does not hold is taken up from its record, one it holds is
//! kept alive in the store (one round trip per request), and what changes
//! a session (`initialize`, `logging/setLevel`, subscriptions) is written
//! back. Without a store, sessions live in this process only.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::handler::Identity;
use crate::observe;
use crate::protocol::jsonrpc::{self, encode_error, encode_result, Incoming};
use crate::protocol::method::Method;
use crate::protocol::{ErrorObject, RequestId};
use crate::server::session::Answered;
use crate::store::{BusEvent, StoreError};
use crate::transport::http::sessions::state::{HttpSession, HttpState};

/// The methods whose effect on a session other instances must see.
pub(in crate::transport::http) fn changes_the_session(method: Option<Method>) -> bool {
    matches!(method, Some(Method::Initialize | Method::SetLevel | Method::Subscribe | Method::Unsubscribe))
}

impl HttpState {
    /// The session `id` for `caller`: held here, or taken up from the
    /// store. `Ok(None)` is 404; an unreachable store is 503.
    pub(in crate::transport::http) async fn find_session(
        &self,
        id: &str,
        caller: Option<&Identity>,
    ) -> Result<Option<Arc<HttpSession>>, Response> {
        let Some(store) = &self.options.session_store else { return Ok(self.session(id, caller)) };
        let ttl = self.options.session_idle_timeout;
        if let Some(held) = self.session(id, caller) {
            return match store.touch(id, ttl).await {
                Ok(true) => Ok(Some(held)),
                // Ended on another instance.
                Ok(false) => {
                    self.forget_session(id);
                    Ok(None)
                }
                Err(e) => Err(store_unavailable("touch", &e)),
            };
        }
        let record = match store.load(id).await {
            Ok(Some(record)) => record,
            Ok(None) => return Ok(None),
            Err(e) => return Err(store_unavailable("load", &e)),
        };
        if record.owner != caller.map(Identity::owner) {
            tracing::warn!(
                session = crate::util::shown_id(id),
                "a shared session was used with another subject's token; refused"
            );
            return Ok(None);
        }
        Ok(self.take_up_session(id, &record))
    }

    /// Writes what session `id` now is to the store, if there is one, and
    /// tells the instances that hold a copy to read it again.
    pub(in crate::transport::http) async fn share_session(
        &self,
        id: &str,
        http: &HttpSession,
    ) -> Result<(), StoreError> {
        let Some(store) = &self.options.session_store else { return Ok(()) };
        let Some((record, digest)) = http.changed_record() else { return Ok(()) };
        store
            .save(id, &record, self.options.session_idle_timeout)
            .await
            .inspect_err(|_| observe::store_error("save"))?;
        http.mark_shared(digest);
        self.core.registry.relay(BusEvent::SessionChanged { id: id.to_owned() });
        Ok(())
    }

    /// A client's answer to a request the server sent it: to the request
    /// waiting here, or, with a notification bus, published to the instance
    /// of this session that sent it (its id carries that instance's tag). A
    /// publication that fails is a 503, so that the client may send the
    /// answer again.
    pub(in crate::transport::http) async fn route_client_answer(
        &self,
        session_id: &str,
        http: &HttpSession,
        id: RequestId,
        outcome: Answered,
    ) -> Result<(), Response> {
        let Err(outcome) = http.connection.session().try_resolve(&id, outcome) else { return Ok(()) };
        let (Some(bus), Some(origin)) = (&self.options.notification_bus, self.bus_origin.get()) else {
            tracing::debug!(%id, "ignoring a response to no request of ours");
            return Ok(());
        };
        if !sent_by_another_instance(&id) {
            tracing::debug!(%id, "ignoring a response to no request of any instance");
            return Ok(());
        }
        let frame = match outcome {
            Ok(result) => encode_result(&id, &result),
            Err(error) => encode_error(Some(&id), &error),
        };
        let frame = String::from_utf8_lossy(&frame).into_owned();
        let event = BusEvent::ClientAnswer { session: session_id.to_owned(), frame };
        bus.publish(origin, &event).await.map_err(|e| store_unavailable("publish", &e))
    }

    /// An event another instance published.
    pub(in crate::transport::http) async fn on_bus_event(&self, event: BusEvent) {
        if let BusEvent::ClientAnswer { session, frame } = &event {
            return self.take_client_answer(session, frame);
        }
        let BusEvent::SessionChanged { id } = &event else {
            self.core.registry.deliver(&event);
            return;
        };
        let (Some(store), Some(held)) = (&self.options.session_store, self.held_session(id)) else { return };
        match store.load(id).await {
            Ok(Some(record)) => {
                held.restore(&record);
            }
            Ok(None) => self.forget_session(id),
            Err(e) => {
                observe::store_error("load");
                tracing::warn!(session = crate::util::shown_id(id), "a changed session could not be read again: {e}");
            }
        }
    }

    /// A client's answer another instance received: for a request waiting
    /// here, if any.
    fn take_client_answer(&self, session: &str, frame: &str) {
        let Some(held) = self.held_session(session) else { return };
        if let Ok(Incoming::Response { id, outcome }) = jsonrpc::parse(frame.as_bytes()) {
            // Every instance hears it; only the one waiting takes it.
            let _ = held.connection.session().try_resolve(&id, outcome);
        }
    }

    /// Ends session `id` here and in the store; whether it existed.
    pub(in crate::transport::http) async fn end_shared_session(
        &self,
        id: &str,
        caller: Option<&Identity>,
    ) -> Result<bool, Response> {
        let Some(found) = self.find_session(id, caller).await? else { return Ok(false) };
        drop(found);
        if let Some(store) = &self.options.session_store {
            store.remove(id).await.map_err(|e| store_unavailable("remove", &e))?;
        }
        Ok(self.end_session(id, caller))
    }
}

/// Whether `id` is that of a request another instance sent a client:
/// `server-<tag>-<n>` with a tag not this process's.
fn sent_by_another_instance(id: &RequestId) -> bool {
    let RequestId::String(id) = id else { return false };
    let Some((tag, _)) = id.strip_prefix("server-").and_then(|rest| rest.split_once('-')) else { return false };
    tag.len() == 8 && *tag != format!("{:08x}", crate::util::instance_tag())
}

/// 503 with a JSON-RPC error, after `operation` failed (`load`, say): the
/// request may be retried.
pub(in crate::transport::http) fn store_unavailable(operation: &'static str, error: &StoreError) -> Response {
    observe::store_error(operation);
    unavailable_response(error)
}

/// 503 with a JSON-RPC error, for a failure already counted.
pub(in crate::transport::http) fn unavailable_response(error: &StoreError) -> Response {
    tracing::warn!("{error}");
    let body = serde_json::json!({
        "jsonrpc": "2.0", "id": null,
        "error": ErrorObject::internal(format!("{error}; try again shortly")),
    });
    let headers = [(axum::http::header::CONTENT_TYPE, "application/json"), (axum::http::header::RETRY_AFTER, "1")];
    (StatusCode::SERVICE_UNAVAILABLE, headers, body.to_string()).into_response()
}
