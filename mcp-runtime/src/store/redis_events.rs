//! [`EventLog`] on Redis: each request stream is a Redis stream under
//! `mcp:stream:<key>`, whose entries have the ids `0-<n>` and the frame in
//! field `f`; an entry with field `end` ends it. The request id is under
//! `mcp:stream:<key>:request`, and each instance's heartbeat under
//! `mcp:instance:<tag>`. A read polls while it waits (every 50 ms, backing
//! off to 400 ms), so that it never blocks the connection other operations
//! share.

use std::time::{Duration, Instant};

use super::events::{EventLog, EventPage, StoredEvent};
use super::redis::{seconds, RedisStore};
use super::session::{StoreError, StoreFuture};

/// About how many events a stream keeps (`MAXLEN ~`).
const KEPT_EVENTS: usize = 1024;
/// The most events one read returns.
const PAGE: usize = 256;
/// How often a waiting read looks again: first, and at the slowest.
const POLL: Duration = Duration::from_millis(50);
const POLL_MAX: Duration = Duration::from_millis(400);
/// What Redis says to an `XADD` of an id the stream already has: an append
/// that ran, whose reply was lost, and that was sent again.
const ALREADY_APPENDED: &str = "equal or smaller than the target stream top item";

/// One entry of `XRANGE`: its id, and its fields and values.
type Entry = (String, Vec<Vec<u8>>);

fn stream_key(stream: &str) -> String {
    format!("mcp:stream:{stream}")
}

impl RedisStore {
    async fn read_once(&self, stream: &str, after: u64) -> Result<EventPage, StoreError> {
        let key = stream_key(stream);
        let mut pipe = redis::pipe();
        pipe.cmd("XRANGE").arg(&key).arg(format!("(0-{after}")).arg("+").arg("COUNT").arg(PAGE);
        pipe.cmd("EXISTS").arg(&key);
        let (entries, exists): (Vec<Entry>, i64) = self.run_pipe(pipe).await?;
        if exists == 0 {
            return Ok(EventPage::not_found());
        }
        let mut page = EventPage::new(Vec::new(), false);
        for (id, fields) in entries {
            match (fields.first().map(Vec::as_slice), fields.get(1)) {
                (Some(b"end"), _) => page.ended = true,
                (Some(b"f"), Some(frame)) => match id.strip_prefix("0-").and_then(|n| n.parse().ok()) {
                    Some(n) => page.events.push((n, frame.clone())),
                    None => return Err(StoreError::Corrupt(format!("stream {stream}: entry {id}"))),
                },
                _ => return Err(StoreError::Corrupt(format!("stream {stream}: entry {id}"))),
            }
        }
        Ok(page)
    }
}

impl EventLog for RedisStore {
    fn append<'a>(
        &'a self,
        stream: &'a str,
        request: Option<&'a str>,
        events: &'a [StoredEvent],
        end: bool,
        ttl: Duration,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let key = stream_key(stream);
            let mut pipe = redis::pipe();
            if let Some(request) = request {
                pipe.cmd("SET").arg(format!("{key}:request")).arg(request).arg("EX").arg(seconds(ttl)).ignore();
            }
            for (n, frame) in events {
                let id = format!("0-{n}");
                pipe.cmd("XADD").arg(&key).arg("MAXLEN").arg("~").arg(KEPT_EVENTS).arg(id).arg("f").arg(frame).ignore();
            }
            if end {
                pipe.cmd("XADD").arg(&key).arg("*").arg("end").arg(1).ignore();
            }
            pipe.cmd("EXPIRE").arg(&key).arg(seconds(ttl)).ignore();
            pipe.cmd("EXPIRE").arg(format!("{key}:request")).arg(seconds(ttl)).ignore();
            match self.run_pipe::<()>(pipe).await {
                Err(StoreError::Unavailable(why)) if why.contains(ALREADY_APPENDED) => Ok(()),
                other => other,
            }
        })
    }

    fn read<'a>(&'a self, stream: &'a str, after: u64, wait: Duration) -> StoreFuture<'a, EventPage> {
        Box::pin(async move {
            let deadline = Instant::now() + wait;
            let mut poll = POLL;
            loop {
                let page = self.read_once(stream, after).await?;
                if !page.events.is_empty() || page.ended || !page.found || Instant::now() >= deadline {
                    return Ok(page);
                }
                tokio::time::sleep(poll.min(deadline.saturating_duration_since(Instant::now()))).await;
                poll = (poll * 2).min(POLL_MAX);
            }
        })
    }

    fn request_of<'a>(&'a self, stream: &'a str) -> StoreFuture<'a, Option<String>> {
        Box::pin(
            async move { self.run(redis::cmd("GET").arg(format!("{}:request", stream_key(stream))).clone()).await },
        )
    }

    fn beat<'a>(&'a self, instance: &'a str, ttl: Duration) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let key = format!("mcp:instance:{instance}");
            self.run(redis::cmd("SET").arg(key).arg(1).arg("EX").arg(seconds(ttl)).clone()).await
        })
    }

    fn alive<'a>(&'a self, instance: &'a str) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let found: i64 = self.run(redis::cmd("EXISTS").arg(format!("mcp:instance:{instance}")).clone()).await?;
            Ok(found == 1)
        })
    }
}
