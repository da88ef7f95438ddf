//! The link between this instance and the others through a
//! [`NotificationBus`]: events raised here are published, events published
//! elsewhere are delivered to the streams open here, and a session whose
//! record changed elsewhere is read again. A dropped subscription is made
//! again after a second; shutdown ends both tasks.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;

use crate::store::{BusEvent, NotificationBus};
use crate::transport::http::sessions::state::HttpState;

/// Events waiting to be published; more are dropped (at most once).
const BACKLOG: usize = 1024;

/// Starts relaying for `state` through `bus`.
pub(in crate::transport::http) fn start(state: &Arc<HttpState>, bus: Arc<dyn NotificationBus>) {
    let origin = crate::util::random_hex::<8>();
    let _ = state.bus_origin.set(origin.clone());
    let (tx, rx) = mpsc::channel(BACKLOG);
    state.core.registry.relay_to(tx);
    tokio::spawn(publish(Arc::clone(&bus), origin.clone(), rx, Arc::clone(state)));
    tokio::spawn(listen(Arc::clone(state), bus, origin));
}

async fn publish(
    bus: Arc<dyn NotificationBus>,
    origin: String,
    mut rx: mpsc::Receiver<BusEvent>,
    state: Arc<HttpState>,
) {
    loop {
        let event = tokio::select! {
            () = state.closing.cancelled() => return,
            event = rx.recv() => match event {
                Some(event) => event,
                None => return,
            },
        };
        if let Err(e) = bus.publish(&origin, &event).await {
            crate::observe::store_error("publish");
            tracing::warn!("an event for other instances was not published: {e}");
        }
    }
}

async fn listen(state: Arc<HttpState>, bus: Arc<dyn NotificationBus>, origin: String) {
    while !state.closing.is_cancelled() {
        match bus.subscribe(&origin).await {
            Ok(mut events) => loop {
                let event = tokio::select! {
                    () = state.closing.cancelled() => return,
                    event = events.next() => event,
                };
                match event {
                    Some(event) => state.on_bus_event(event).await,
                    None => break,
                }
            },
            Err(e) => {
                crate::observe::store_error("subscribe");
                tracing::warn!("not hearing other instances for now: {e}");
            }
        }
        tokio::select! {
            () = state.closing.cancelled() => return,
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}
