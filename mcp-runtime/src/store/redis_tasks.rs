//! [`TaskStore`] for [`RedisStore`]: each task is a hash under
//! `mcp:task:<id>` (the runner's `record`, and `cancel` once asked), its
//! answers a hash under `mcp:task:<id>:answers`, both expiring with the
//! task's TTL; each owner's tasks are a sorted set by expiry under
//! `mcp:tasks:owner:<owner>`, which bounds how many one owner keeps.

use serde_json::{Map, Value};

use super::redis::RedisStore;
use super::session::{StoreError, StoreFuture};
use super::tasks::{TaskEntry, TaskRecord, TaskStore};

/// Stores a new task, making room in a full owner's set from its oldest
/// finished task (or one whose runner stopped beating). KEYS: owner set;
/// ARGV: id, record JSON, now (ms), TTL (ms), cap, stale (ms). Returns 0
/// when every task of the owner still runs.
const CREATE: &str = r"
local index, id, record = KEYS[1], ARGV[1], ARGV[2]
local now, ttl, cap, stale = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
if redis.call('ZCARD', index) >= cap then
  local made_room = false
  for _, old in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    local held = redis.call('HGET', 'mcp:task:' .. old, 'record')
    local task = held and cjson.decode(held)
    local status = task and task['status']
    local lost = task and tonumber(task['beat_ms']) < now - stale
    if not held or lost or status == 'completed' or status == 'failed' or status == 'cancelled' then
      redis.call('DEL', 'mcp:task:' .. old, 'mcp:task:' .. old .. ':answers')
      redis.call('ZREM', index, old)
      made_room = true
      break
    end
  end
  if not made_room then return 0 end
end
redis.call('HSET', 'mcp:task:' .. id, 'record', record)
redis.call('PEXPIRE', 'mcp:task:' .. id, ttl)
redis.call('ZADD', index, now + ttl, id)
redis.call('PEXPIRE', index, ttl)
return 1
";

/// Replaces the record unless the stored one has ended. KEYS: task;
/// ARGV: record JSON.
const SAVE: &str = r"
local held = redis.call('HGET', KEYS[1], 'record')
if not held then return 0 end
local status = cjson.decode(held)['status']
if status == 'completed' or status == 'failed' or status == 'cancelled' then return 0 end
redis.call('HSET', KEYS[1], 'record', ARGV[1])
return 1
";

/// Adds answers to a task that still exists, expiring with it. KEYS:
/// task, answers; ARGV: key, JSON, key, JSON, ...
const ANSWER: &str = r"
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV))
redis.call('PEXPIRE', KEYS[2], ttl)
return 1
";

/// Marks a task that still exists as cancelled by its client. KEYS: task.
const CANCEL: &str = r"
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'cancel', '1')
return 1
";

/// How long without a beat before a running task counts as lost (the
/// runtime's own window).
const STALE_MS: u64 = 8_000;

fn task_key(id: &str) -> String {
    format!("mcp:task:{id}")
}

fn answers_key(id: &str) -> String {
    format!("mcp:task:{id}:answers")
}

fn corrupt(id: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("task {id}: {e}"))
}

impl TaskStore for RedisStore {
    fn create<'a>(&'a self, record: &'a TaskRecord, max_per_owner: usize) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let json = serde_json::to_string(record).map_err(|e| corrupt(&record.id, e))?;
            let mut create = redis::cmd("EVAL");
            create.arg(CREATE).arg(1).arg(format!("mcp:tasks:owner:{}", record.owner));
            create.arg(&record.id).arg(json).arg(record.created_ms).arg(record.ttl_ms.max(1)).arg(max_per_owner.max(1));
            create.arg(STALE_MS);
            let created: i64 = self.run(create).await?;
            Ok(created == 1)
        })
    }

    fn save<'a>(&'a self, record: &'a TaskRecord) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let json = serde_json::to_string(record).map_err(|e| corrupt(&record.id, e))?;
            let saved: i64 =
                self.run(redis::cmd("EVAL").arg(SAVE).arg(1).arg(task_key(&record.id)).arg(json).clone()).await?;
            Ok(saved == 1)
        })
    }

    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<TaskEntry>> {
        Box::pin(async move {
            let mut pipe = redis::pipe();
            pipe.cmd("HGETALL").arg(task_key(id)).cmd("HGETALL").arg(answers_key(id));
            let (task, answers): (std::collections::HashMap<String, String>, Vec<(String, String)>) =
                self.run_pipe(pipe).await?;
            let Some(json) = task.get("record") else { return Ok(None) };
            let record: TaskRecord = serde_json::from_str(json).map_err(|e| corrupt(id, e))?;
            let mut read = Map::new();
            for (key, json) in answers {
                let value: Value = serde_json::from_str(&json).map_err(|e| corrupt(id, e))?;
                read.insert(key, value);
            }
            let cancel_requested = task.contains_key("cancel");
            Ok(Some(TaskEntry { record, answers: read, cancel_requested }))
        })
    }

    fn answer<'a>(&'a self, id: &'a str, answers: &'a Map<String, Value>) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            if answers.is_empty() {
                return Ok(());
            }
            let mut answer = redis::cmd("EVAL");
            answer.arg(ANSWER).arg(2).arg(task_key(id)).arg(answers_key(id));
            for (key, value) in answers {
                answer.arg(key).arg(value.to_string());
            }
            let _: i64 = self.run(answer).await?;
            Ok(())
        })
    }

    fn request_cancel<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let _: i64 = self.run(redis::cmd("EVAL").arg(CANCEL).arg(1).arg(task_key(id)).clone()).await?;
            Ok(())
        })
    }
}
