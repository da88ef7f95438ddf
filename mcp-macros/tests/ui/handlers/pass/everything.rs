use std::sync::{Arc, Mutex};

use mcp_runtime::handler::{Context, FromContext, Requirements};
use mcp_runtime::prelude::*;
use mcp_runtime::protocol::ErrorObject;

#[derive(Clone, Default)]
struct Store(Arc<Mutex<Vec<String>>>);

/// Who the request comes from, as a middleware layer would attach it.
#[derive(Clone)]
struct Caller(String);

/// A user-written extractor built on `State`.
struct Count(usize);

impl FromContext for Count {
    fn from_context(ctx: &Context) -> Result<Self, ErrorObject> {
        let State(store) = State::<Store>::from_context(ctx)?;
        let n = store.0.lock().map(|v| v.len()).unwrap_or(0);
        Ok(Count(n))
    }

    fn requirements(needs: &mut Requirements) {
        State::<Store>::requirements(needs);
    }
}

struct Notes {
    prefix: String,
}

#[handlers]
impl Notes {
    /// Add a note.
    #[tool]
    fn add(&self, text: String, State(store): State<Store>, caller: Option<Extension<Caller>>) -> usize {
        let who = caller.map(|Extension(c)| c.0).unwrap_or_default();
        let mut items = store.0.lock().expect("lock");
        items.push(format!("{}{who}{text}", self.prefix));
        items.len()
    }

    /// One note.
    #[resource("notes://{index}", complete(index = indexes))]
    fn note(&self, index: usize, State(store): State<Store>) -> Result<String, ResourceError> {
        store.0.lock().expect("lock").get(index).cloned().ok_or_else(|| ResourceError::not_found(index.to_string()))
    }

    /// How many notes there are.
    #[resource("notes://count")]
    async fn count(&self, Count(n): Count) -> String {
        n.to_string()
    }

    /// Summarize the notes about a topic.
    #[prompt(complete(topic = Self::topics))]
    fn summarize(&self, topic: String, ctx: Context) -> String {
        format!("{} {topic} {:?}", self.prefix, ctx.request_id())
    }

    /// Completes a note index.
    fn indexes(&self, partial: &str, State(store): State<Store>) -> Vec<String> {
        let n = store.0.lock().map(|v| v.len()).unwrap_or(0);
        (0..n).map(|i| i.to_string()).filter(|i| i.starts_with(partial)).collect()
    }

    /// Completes a topic.
    fn topics(&self, partial: &str) -> Vec<&'static str> {
        ["rust", "mcp"].into_iter().filter(|t| t.starts_with(partial)).collect()
    }
}

fn main() {
    let notes = Arc::new(Notes { prefix: "> ".into() });
    let server = Server::new("notes").state(Store::default()).handlers(Arc::clone(&notes));
    server.check().expect("a consistent server");
}
