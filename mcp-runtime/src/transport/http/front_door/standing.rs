//! Standing streams (legacy `GET /sse`, a session's `GET /mcp`, WebSocket
//! upgrades): responses that hold a connection for as long as the client
//! likes. They may take at most three quarters of the connection limit, so
//! that new clients always find room to connect and initialize, and one
//! peer address at most [`PER_PEER`] of them.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::protocol::ErrorObject;
use crate::transport::http::checks::guard::error_response;
use crate::util::MutexExt;

/// The address a connection came from, as the front door attached it to
/// each of its requests. Absent when the router is served by another
/// server (mounted in a user's app): then only the total is bounded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub(crate) IpAddr);

/// How many standing streams are open, in all and per peer.
pub(in crate::transport::http) struct Standing {
    max: usize,
    per_peer: usize,
    open: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    total: usize,
    by_peer: HashMap<IpAddr, usize>,
}

/// One standing stream's place; dropping it frees it.
pub(in crate::transport::http) struct Slot {
    standing: Arc<Standing>,
    peer: Option<IpAddr>,
}

impl Standing {
    /// Room for three quarters of `max_connections`, and `per_peer` from
    /// one address.
    pub(in crate::transport::http) fn new(max_connections: usize, per_peer: usize) -> Arc<Self> {
        Arc::new(Standing { max: (max_connections * 3 / 4).max(1), per_peer, open: Mutex::default() })
    }

    /// A place for a new standing stream from `peer`, or the 503 that says
    /// there is none.
    pub(in crate::transport::http) fn claim(self: &Arc<Self>, peer: Option<Peer>) -> Result<Slot, Busy> {
        let peer = peer.map(|p| p.0);
        let mut open = self.open.locked();
        let of_peer = peer.map_or(0, |ip| open.by_peer.get(&ip).copied().unwrap_or(0));
        if open.total >= self.max || of_peer >= self.per_peer {
            drop(open);
            tracing::warn!(?peer, "a standing stream was refused: too many are open");
            return Err(Busy);
        }
        open.total += 1;
        if let Some(ip) = peer {
            *open.by_peer.entry(ip).or_default() += 1;
        }
        Ok(Slot { standing: Arc::clone(self), peer })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.standing.open.locked();
        open.total -= 1;
        if let Some(ip) = self.peer {
            if let Some(count) = open.by_peer.get_mut(&ip) {
                *count -= 1;
                if *count == 0 {
                    open.by_peer.remove(&ip);
                }
            }
        }
    }
}

/// No room for another standing stream now: 503 with `Retry-After`.
#[derive(Debug)]
pub(in crate::transport::http) struct Busy;

impl IntoResponse for Busy {
    fn into_response(self) -> Response {
        let e = ErrorObject::internal("too many standing streams are open; close one, or try again shortly");
        let mut response = error_response(StatusCode::SERVICE_UNAVAILABLE, None, &e);
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
        response
    }
}

/// `response`, whose body holds `slot` until it ends.
pub(in crate::transport::http) fn holding(response: Response, slot: Slot) -> Response {
    use futures_util::StreamExt;
    let (parts, body) = response.into_parts();
    let body = body.into_data_stream().map(move |chunk| {
        let _held = &slot;
        chunk
    });
    Response::from_parts(parts, axum::body::Body::from_stream(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standing_streams_keep_room_for_new_clients_and_are_shared_between_peers() {
        const PER_PEER: usize = 64;
        let standing = Standing::new(200, PER_PEER);
        let one = Some(Peer(IpAddr::from([10, 0, 0, 1])));
        let mine: Vec<Slot> = (0..PER_PEER).map(|_| standing.claim(one).expect("room")).collect();
        assert!(standing.claim(one).is_err(), "one peer holds at most PER_PEER");
        let others: Vec<Slot> = (0..150 - PER_PEER).map(|_| standing.claim(None).expect("room")).collect();
        assert!(standing.claim(None).is_err(), "a quarter of the connections stays free");
        drop(mine);
        assert!(standing.claim(one).is_ok());
        drop(others);
    }
}
