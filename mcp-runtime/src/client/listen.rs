//! Hearing about changes: `resources/subscribe` in a session, and under
//! 2026-07-28 a long-lived `subscriptions/listen` request whose stream
//! carries the notifications asked for. Either way they arrive on
//! [`Client::notifications`].

use crate::protocol::method::Notice;
use crate::util::MutexExt;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use super::{Client, Error, ListenFilter, Listening};
use crate::protocol::codes;
use crate::protocol::method::Method;
use crate::protocol::requests::{Subscribe, UriParams};

/// Long enough to mean "until cancelled".
const FOREVER: Duration = Duration::from_secs(60 * 60 * 24 * 365);

/// Whether an acknowledgement is for the stream opened by request `id`
/// (one that names no stream is taken as ours).
fn acknowledges(params: &Value, id: &Value) -> bool {
    match params.pointer("/_meta/io.modelcontextprotocol~1subscriptionId") {
        Some(named) => named == id,
        None => true,
    }
}

/// The first pause before listening again after the server ended a
/// stream, and the longest (the pause doubles while listens keep ending
/// at once).
const RELISTEN_PAUSE: (Duration, Duration) = (Duration::from_secs(1), Duration::from_secs(30));

/// Runs a `subscriptions/listen` request and, whenever the server ends it
/// (at the token's expiry, or when its instance stops), runs it again
/// after a pause, until the connection closes, the server refuses it with
/// an error, or the [`Listening`] is dropped. `first_id` hears the first
/// request's id.
async fn keep_listening(
    conn: Arc<super::server_link::ServerLink>,
    params: Value,
    first_id: tokio::sync::oneshot::Sender<Value>,
) {
    let mut first_id = Some(first_id);
    let mut pause = RELISTEN_PAUSE.0;
    loop {
        let started = tokio::time::Instant::now();
        let tell = |id: &crate::protocol::RequestId| {
            if let Some(tx) = first_id.take() {
                let _ = tx.send(json!(id));
            }
        };
        let ended = conn.request_telling_id(Method::Listen.as_str(), &params, FOREVER, tell).await;
        // The connection is gone, or the server refused the listen; else it
        // answered (it is shutting down), or the stream broke off (-32603).
        match ended {
            Err(Error::Closed { .. }) => return,
            Err(Error::Rpc { error, .. }) if error.code != codes::INTERNAL_ERROR => return,
            _ => {}
        }
        if started.elapsed() > RELISTEN_PAUSE.1 {
            pause = RELISTEN_PAUSE.0;
        }
        tracing::debug!("the server ended a subscriptions/listen stream; listening again in {pause:?}");
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(RELISTEN_PAUSE.1);
    }
}

impl Client {
    /// Opens a `subscriptions/listen` stream (2026-07-28) and waits for the
    /// server's acknowledgement. A stream the server ends (at the token's
    /// expiry, or when its instance stops) is opened again, until the
    /// [`Listening`] is dropped. In a session, use [`Client::subscribe`]
    /// and the list-changed notifications every session receives.
    pub async fn listen(&self, filter: ListenFilter) -> Result<Listening, Error> {
        if self.version.uses_initialize() {
            let detail = format!("`subscriptions/listen` needs 2026-07-28; this connection speaks {}", self.version);
            return Err(Error::Protocol { server: self.conn.server.clone(), detail });
        }
        let mut notes = self.notifications();
        let conn = Arc::clone(&self.conn);
        let params = json!({ "notifications": filter });
        let (id_tx, id_rx) = tokio::sync::oneshot::channel();
        let task = tokio::spawn(keep_listening(conn, params, id_tx));
        let id = id_rx.await.map_err(|_| self.conn.closed())?;
        let acknowledged = tokio::time::timeout(self.timeout, async {
            while let Ok(note) = notes.recv().await {
                if note.method == Notice::SubscriptionsAcknowledged.as_str() && acknowledges(&note.params, &id) {
                    return Some(note.params["notifications"].clone());
                }
            }
            None
        });
        match acknowledged.await {
            Ok(Some(honoured)) => Ok(Listening { task, honoured }),
            Ok(None) => Err(self.conn.closed()),
            Err(_) => Err(Error::Timeout {
                server: self.conn.server.clone(),
                method: Method::Listen.as_str().into(),
                after: self.timeout,
            }),
        }
    }

    /// Asks for `notifications/resources/updated` about `uri`:
    /// `resources/subscribe` in a session, a `subscriptions/listen` stream
    /// (kept until the client closes) under 2026-07-28.
    pub async fn subscribe(&self, uri: &str) -> Result<(), Error> {
        if self.version.uses_initialize() {
            return self.send::<Subscribe>(UriParams { uri: uri.into() }).await.map(drop);
        }
        let filter = ListenFilter { resource_subscriptions: vec![uri.to_owned()], ..ListenFilter::default() };
        let listening = self.listen(filter).await?;
        self.listens.locked().push(listening);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acknowledgement_belongs_to_the_stream_it_names() {
        let ours = json!({"_meta": {"io.modelcontextprotocol/subscriptionId": 7}, "notifications": {}});
        assert!(acknowledges(&ours, &json!(7)));
        assert!(!acknowledges(&ours, &json!(8)));
        assert!(acknowledges(&json!({"notifications": {}}), &json!(8)));
    }
}
