//! [`RedisStore`]: sessions in Redis, one JSON value per session under
//! `mcp:session:<id>`, expiring when idle; spent `requestState` nonces
//! under `mcp:nonce:<nonce>` until the state expires; and the notification
//! bus on the pub/sub channel `mcp:events`. Every operation is bounded by a
//! timeout, the connection is made on first use and remade after a
//! failure, and an unreachable Redis is a [`StoreError::Unavailable`],
//! never a panic.

use std::time::Duration;

use redis::aio::ConnectionManager;

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use super::bus::{BusEvent, BusStream, NotificationBus};
use super::nonce::NonceStore;
use super::session::{SessionRecord, SessionStore, StoreError, StoreFuture};
use crate::util::now_ms;

/// The pub/sub channel instances tell each other on.
const CHANNEL: &str = "mcp:events";

/// One published event and the instance it came from.
#[derive(Serialize, Deserialize)]
struct Envelope {
    origin: String,
    event: BusEvent,
}

/// How long one Redis operation may take.
const TIMEOUT: Duration = Duration::from_secs(2);

/// Sessions kept in Redis, shared by every instance that names the same
/// server.
///
/// ```no_run
/// use mcp_runtime::store::RedisStore;
/// use mcp_runtime::transport::http::HttpOptions;
///
/// let store = RedisStore::new("redis://127.0.0.1:6379")?;
/// let options = HttpOptions::default().session_store(store);
/// # let _ = options;
/// # Ok::<(), mcp_runtime::store::StoreError>(())
/// ```
pub struct RedisStore {
    client: redis::Client,
    connection: tokio::sync::Mutex<Option<ConnectionManager>>,
    shown: String,
    max_sessions: usize,
}

/// How many session records a store keeps unless told otherwise.
const DEFAULT_MAX_SHARED_SESSIONS: usize = 1000;

/// Saves a record; a session new to the index first makes room, dropping
/// the records idle the longest. KEYS: index, record; ARGV: now (ms), idle
/// (ms), cap, id, record JSON, ttl (s).
const SAVE: &str = r"
local index, record = KEYS[1], KEYS[2]
local now, idle, cap, id = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', index, '-inf', now - idle)
if not redis.call('ZSCORE', index, id) then
  local over = redis.call('ZCARD', index) - cap + 1
  if over > 0 then
    local oldest = redis.call('ZPOPMIN', index, over)
    for i = 1, #oldest, 2 do redis.call('DEL', 'mcp:session:' .. oldest[i]) end
  end
end
redis.call('ZADD', index, now, id)
redis.call('SET', record, ARGV[5], 'EX', ARGV[6])
return 1
";

/// The sorted set of session ids by last use, which bounds their number.
const INDEX: &str = "mcp:sessions";

impl RedisStore {
    /// A store at `url` (`redis://[:password@]host:port[/db]`). Nothing is
    /// connected until first use, so a server starts while Redis is down.
    pub fn new(url: &str) -> Result<Self, StoreError> {
        let client =
            redis::Client::open(url).map_err(|e| StoreError::Unavailable(format!("`{}`: {e}", redacted(url))))?;
        let connection = tokio::sync::Mutex::new(None);
        Ok(RedisStore { client, connection, shown: redacted(url), max_sessions: DEFAULT_MAX_SHARED_SESSIONS })
    }

    /// The most session records the store keeps (default 1,000); a new session past it ends the one
    /// idle the longest, as an instance's own table does. Behind a
    /// round-robin balancer every instance may take up every shared
    /// session, so this is best no larger than an instance's session cap.
    pub fn max_sessions(mut self, sessions: usize) -> Self {
        self.max_sessions = sessions.max(1);
        self
    }

    async fn connection(&self) -> Result<ConnectionManager, StoreError> {
        let mut held = self.connection.lock().await;
        if let Some(connection) = held.as_ref() {
            return Ok(connection.clone());
        }
        let made = tokio::time::timeout(TIMEOUT, self.client.get_connection_manager()).await;
        let connection = match made {
            Ok(Ok(connection)) => connection,
            Ok(Err(e)) => return Err(unavailable(&self.shown, &e.to_string())),
            Err(_) => return Err(unavailable(&self.shown, "no connection within 2 s")),
        };
        *held = Some(connection.clone());
        Ok(connection)
    }

    /// Runs `command`; a connection that broke (Redis restarted, say) is
    /// made again and the command retried once.
    pub(super) async fn run<T: redis::FromRedisValue>(&self, command: redis::Cmd) -> Result<T, StoreError> {
        self.run_op(&Op::One(command)).await
    }

    /// Runs `pipe` in one round trip, as [`RedisStore::run`] runs one command.
    pub(super) async fn run_pipe<T: redis::FromRedisValue>(&self, pipe: redis::Pipeline) -> Result<T, StoreError> {
        self.run_op(&Op::Many(pipe)).await
    }

    async fn run_op<T: redis::FromRedisValue>(&self, op: &Op) -> Result<T, StoreError> {
        match self.run_once(op).await {
            Err(Failure::Broken(_)) => {
                *self.connection.lock().await = None;
                self.run_once(op).await.map_err(|f| f.into_error(&self.shown))
            }
            other => other.map_err(|f| f.into_error(&self.shown)),
        }
    }

    async fn run_once<T: redis::FromRedisValue>(&self, op: &Op) -> Result<T, Failure> {
        let mut connection = self.connection().await.map_err(Failure::Store)?;
        let query = async {
            match op {
                Op::One(command) => command.query_async(&mut connection).await,
                Op::Many(pipe) => pipe.query_async(&mut connection).await,
            }
        };
        match tokio::time::timeout(TIMEOUT, query).await {
            Ok(Ok(value)) => Ok(value),
            // The connection broke: worth making again, and trying once more.
            Ok(Err(e)) if e.is_io_error() || e.is_connection_dropped() || e.is_connection_refusal() => {
                Err(Failure::Broken(e.to_string()))
            }
            // Redis answered with an error: trying again would not help.
            Ok(Err(e)) => Err(Failure::Store(unavailable(&self.shown, &e.to_string()))),
            Err(_) => Err(Failure::Store(unavailable(&self.shown, "no answer within 2 s"))),
        }
    }
}

/// One command, or a pipeline of them.
enum Op {
    One(redis::Cmd),
    Many(redis::Pipeline),
}

/// Why one attempt failed: a connection worth making again, or not.
enum Failure {
    Broken(String),
    Store(StoreError),
}

impl Failure {
    fn into_error(self, url: &str) -> StoreError {
        match self {
            Failure::Broken(why) => unavailable(url, &why),
            Failure::Store(error) => error,
        }
    }
}

fn key(id: &str) -> String {
    format!("mcp:session:{id}")
}

fn unavailable(url: &str, why: &str) -> StoreError {
    StoreError::Unavailable(format!("Redis at {url}: {why}"))
}

/// The URL without its password.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://***@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

fn millis(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX)
}

pub(super) fn seconds(ttl: Duration) -> u64 {
    ttl.as_secs().max(1)
}

impl SessionStore for RedisStore {
    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<SessionRecord>> {
        Box::pin(async move {
            let value: Option<String> = self.run(redis::cmd("GET").arg(key(id)).clone()).await?;
            value
                .map(|json| serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("session {id}: {e}"))))
                .transpose()
        })
    }

    fn save<'a>(&'a self, id: &'a str, record: &'a SessionRecord, ttl: Duration) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let json = serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let mut save = redis::cmd("EVAL");
            save.arg(SAVE).arg(2).arg(INDEX).arg(key(id)).arg(now_ms()).arg(millis(ttl));
            save.arg(self.max_sessions).arg(id).arg(json).arg(seconds(ttl));
            let _: i64 = self.run(save).await?;
            Ok(())
        })
    }

    fn touch<'a>(&'a self, id: &'a str, ttl: Duration) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut pipe = redis::pipe();
            pipe.cmd("EXPIRE").arg(key(id)).arg(seconds(ttl));
            pipe.cmd("ZADD").arg(INDEX).arg("XX").arg(now_ms()).arg(id).ignore();
            let (found,): (i64,) = self.run_pipe(pipe).await?;
            Ok(found == 1)
        })
    }

    fn remove<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut pipe = redis::pipe();
            pipe.cmd("DEL").arg(key(id)).ignore().cmd("ZREM").arg(INDEX).arg(id).ignore();
            let () = self.run_pipe(pipe).await?;
            Ok(())
        })
    }

    fn ping(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let _: String = self.run(redis::cmd("PING")).await?;
            Ok(())
        })
    }

    fn describe(&self) -> String {
        format!("Redis at {}", self.shown)
    }
}

impl NonceStore for RedisStore {
    fn spend<'a>(&'a self, nonce: &'a str, ttl: Duration) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let key = format!("mcp:nonce:{nonce}");
            // A mark of this attempt: if the `SET` took effect but its reply
            // was lost and it ran again, the nonce holds our mark, and it is
            // ours, not a replay.
            let mark = crate::util::random_hex::<8>();
            let set: Option<String> =
                self.run(redis::cmd("SET").arg(&key).arg(&mark).arg("NX").arg("EX").arg(seconds(ttl)).clone()).await?;
            if set.is_some() {
                return Ok(true);
            }
            let holder: Option<String> = self.run(redis::cmd("GET").arg(&key).clone()).await?;
            Ok(holder.as_deref() == Some(mark.as_str()))
        })
    }

    /// The first instance to ask stores a random secret; every instance
    /// then reads that one. Whoever can read this Redis can read it, as
    /// they can read the sessions it holds.
    fn shared_secret(&self) -> StoreFuture<'_, Option<Vec<u8>>> {
        Box::pin(async move {
            let offered = crate::util::random_hex::<32>();
            let set = redis::cmd("SET").arg(SHARED_SECRET_KEY).arg(&offered).arg("NX").clone();
            let _: Option<String> = self.run(set).await?;
            let held: Option<String> = self.run(redis::cmd("GET").arg(SHARED_SECRET_KEY).clone()).await?;
            Ok(held.map(String::into_bytes))
        })
    }
}

/// Where the instances' shared `requestState` secret lives.
const SHARED_SECRET_KEY: &str = "mcp:request-state-secret";

impl NotificationBus for RedisStore {
    fn publish<'a>(&'a self, origin: &'a str, event: &'a BusEvent) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let envelope = Envelope { origin: origin.to_owned(), event: event.clone() };
            let json = serde_json::to_string(&envelope).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let _: i64 = self.run(redis::cmd("PUBLISH").arg(CHANNEL).arg(json).clone()).await?;
            Ok(())
        })
    }

    fn subscribe<'a>(&'a self, origin: &'a str) -> StoreFuture<'a, BusStream> {
        Box::pin(async move {
            let mut pubsub = match tokio::time::timeout(TIMEOUT, self.client.get_async_pubsub()).await {
                Ok(Ok(pubsub)) => pubsub,
                Ok(Err(e)) => return Err(unavailable(&self.shown, &e.to_string())),
                Err(_) => return Err(unavailable(&self.shown, "no pub/sub connection within 2 s")),
            };
            match tokio::time::timeout(TIMEOUT, pubsub.subscribe(CHANNEL)).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(unavailable(&self.shown, &e.to_string())),
                Err(_) => return Err(unavailable(&self.shown, "no SUBSCRIBE answer within 2 s")),
            }
            let origin = origin.to_owned();
            let events = pubsub.into_on_message().filter_map(move |message| {
                let own = origin.clone();
                async move {
                    let payload: String = message.get_payload().ok()?;
                    let envelope: Envelope = serde_json::from_str(&payload).ok()?;
                    (envelope.origin != own).then_some(envelope.event)
                }
            });
            Ok(Box::pin(events) as BusStream)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_logs() {
        assert_eq!(redacted("redis://:s3cret@cache:6379/0"), "redis://***@cache:6379/0");
        assert_eq!(redacted("redis://127.0.0.1:6379"), "redis://127.0.0.1:6379");
    }
}
