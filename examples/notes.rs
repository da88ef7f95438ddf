//! A notes service: three tools, a `notes://{id}` template, a listing and a
//! prompt, all over one store that the server owns. Nothing is global, so
//! every test builds its own store.
//!
//! ```text
//! cargo run --example notes                                    # stdio
//! cargo run --example notes -- --transport http --port 8000    # Streamable HTTP at /mcp
//! ```

use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock};

use mcp_runtime::prelude::*;

/// One note.
#[derive(Debug, Clone)]
struct Note {
    title: String,
    body: String,
}

impl Note {
    fn mentions(&self, word: &str) -> bool {
        let word = word.to_lowercase();
        self.title.to_lowercase().contains(&word) || self.body.to_lowercase().contains(&word)
    }
}

/// What a listing or a search shows of a note.
#[derive(Debug, Clone, Serialize, JsonSchema)]
struct NoteSummary {
    /// The note's id, for `notes://{id}` and `delete_note`.
    id: u64,
    /// Its title.
    title: String,
}

/// The store: cheap to clone, every clone the same notes.
#[derive(Clone, Default)]
struct Notes {
    book: Arc<RwLock<Book>>,
}

#[derive(Default)]
struct Book {
    next_id: u64,
    notes: BTreeMap<u64, Note>,
}

impl Notes {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Book> {
        self.book.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Book> {
        self.book.write().unwrap_or_else(PoisonError::into_inner)
    }
}

#[handlers]
impl Notes {
    /// Add a note. Returns the new note's id.
    #[tool]
    fn add_note(
        &self,
        /// A short title.
        title: String,
        /// The note's text.
        body: String,
    ) -> u64 {
        let mut book = self.write();
        book.next_id += 1;
        let id = book.next_id;
        book.notes.insert(id, Note { title, body });
        id
    }

    /// Find the notes whose title or text mentions a word.
    #[tool(read_only)]
    fn search_notes(
        &self,
        /// The word to look for (case does not matter).
        query: String,
        /// At most this many notes (default 10).
        limit: Option<u32>,
    ) -> Vec<NoteSummary> {
        let limit = usize::try_from(limit.unwrap_or(10)).unwrap_or(usize::MAX);
        let book = self.read();
        let found = book.notes.iter().filter(|(_, note)| note.mentions(&query));
        found.take(limit).map(|(id, note)| NoteSummary { id: *id, title: note.title.clone() }).collect()
    }

    /// Delete a note.
    #[tool(destructive, idempotent)]
    fn delete_note(
        &self,
        /// The note's id.
        id: u64,
    ) -> Result<String, ToolError> {
        match self.write().notes.remove(&id) {
            Some(note) => Ok(format!("deleted note {id} ({})", note.title)),
            None => Err(ToolError::new(format!("there is no note {id}"))),
        }
    }

    /// One note: its title and text.
    #[resource("notes://{id}", mime = "text/markdown", complete(id = note_ids))]
    fn note(&self, id: u64) -> Result<String, ResourceError> {
        let book = self.read();
        let note = book.notes.get(&id).ok_or_else(|| ResourceError::not_found(format!("notes://{id}")))?;
        Ok(format!("# {}\n\n{}", note.title, note.body))
    }

    /// Every note: its id and title.
    #[resource("notes://all", mime = "application/json")]
    fn all_notes(&self) -> Json<Vec<NoteSummary>> {
        let book = self.read();
        Json(book.notes.iter().map(|(id, note)| NoteSummary { id: *id, title: note.title.clone() }).collect())
    }

    /// Ask the model to summarize what the notes say about a topic.
    #[prompt]
    fn summarize_notes(
        &self,
        /// The topic, e.g. "rust".
        topic: String,
    ) -> String {
        let book = self.read();
        let quoted: Vec<String> = book
            .notes
            .values()
            .filter(|note| note.mentions(&topic))
            .map(|note| format!("> {}: {}", note.title, note.body.replace('\n', "\n> ")))
            .collect();
        if quoted.is_empty() {
            return format!("I have no notes about {topic}. Say so, and suggest what to write down.");
        }
        format!("Summarize what my notes say about {topic}:\n\n{}", quoted.join("\n\n"))
    }

    /// The ids that start with what was typed.
    fn note_ids(&self, partial: &str) -> Vec<String> {
        self.read().notes.keys().map(u64::to_string).filter(|id| id.starts_with(partial)).collect()
    }
}

/// How many notes there are. A free function reaches the same store as the
/// methods, through the `State` extractor.
#[tool(read_only)]
fn count_notes(State(notes): State<Notes>) -> usize {
    notes.read().notes.len()
}

/// The server over `notes`: its methods, and the store as state.
fn server(notes: Notes) -> Server {
    Server::new("notes")
        .version(env!("CARGO_PKG_VERSION"))
        .instructions("Keep the user's notes: add, search, read (notes://{id}), delete and summarize them.")
        .state(notes.clone())
        .tools(tools![count_notes])
        .handlers(notes)
}

fn main() -> std::process::ExitCode {
    server(Notes::default()).run()
}

#[cfg(test)]
mod tests {
    use mcp_runtime::transport::memory::{self, RawClient};
    use serde_json::{json, Value};

    use super::*;

    /// A fresh store, served in memory.
    async fn connect() -> (Notes, RawClient) {
        let notes = Notes::default();
        let (transport, mut client) = memory::channel();
        tokio::spawn(server(notes.clone()).serve(transport));
        client.initialize().await;
        (notes, client)
    }

    async fn call(client: &mut RawClient, tool: &str, arguments: Value) -> Value {
        client.request("tools/call", json!({ "name": tool, "arguments": arguments })).await["result"].clone()
    }

    async fn read(client: &mut RawClient, uri: &str) -> Value {
        client.request("resources/read", json!({ "uri": uri })).await
    }

    #[tokio::test]
    async fn a_note_is_added_read_summarized_and_deleted() {
        let (notes, mut client) = connect().await;
        let added = call(&mut client, "add_note", json!({"title": "Borrowing", "body": "rust checks lifetimes"})).await;
        assert_eq!(added["structuredContent"], json!({"result": 1}));
        assert_eq!(notes.read().notes.len(), 1, "the test's store is the server's");
        let text = read(&mut client, "notes://1").await;
        assert_eq!(text["result"]["contents"][0]["text"], "# Borrowing\n\nrust checks lifetimes");
        let prompt =
            client.request("prompts/get", json!({"name": "summarize_notes", "arguments": {"topic": "rust"}})).await;
        let message = prompt["result"]["messages"][0]["content"]["text"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains("> Borrowing: rust checks lifetimes"), "{message}");
        let deleted = call(&mut client, "delete_note", json!({"id": 1})).await;
        assert_eq!(deleted["content"][0]["text"], "deleted note 1 (Borrowing)");
        let gone = read(&mut client, "notes://1").await;
        assert_eq!(
            gone["error"],
            json!({"code": -32002, "message": "Resource not found", "data": {"uri": "notes://1"}})
        );
        let again = call(&mut client, "delete_note", json!({"id": 1})).await;
        assert_eq!(
            (again["isError"].clone(), again["content"][0]["text"].clone()),
            (json!(true), json!("there is no note 1"))
        );
    }

    #[tokio::test]
    async fn search_listing_count_and_completion_see_the_same_store() {
        let (_, mut client) = connect().await;
        for (title, body) in [("Tokio", "async rust"), ("Serde", "rust derives"), ("Lunch", "soup")] {
            call(&mut client, "add_note", json!({"title": title, "body": body})).await;
        }
        let found = call(&mut client, "search_notes", json!({"query": "RUST", "limit": 1})).await;
        assert_eq!(found["structuredContent"], json!({"result": [{"id": 1, "title": "Tokio"}]}));
        let all = read(&mut client, "notes://all").await;
        let listed: Value =
            serde_json::from_str(all["result"]["contents"][0]["text"].as_str().unwrap_or("null")).unwrap_or_default();
        assert_eq!(listed.as_array().map(Vec::len), Some(3));
        assert_eq!(call(&mut client, "count_notes", json!({})).await["structuredContent"], json!({"result": 3}));
        let ids = client
            .request(
                "completion/complete",
                json!({"ref": {"type": "ref/resource", "uri": "notes://{id}"}, "argument": {"name": "id", "value": ""}}),
            )
            .await;
        assert_eq!(ids["result"]["completion"]["values"], json!(["1", "2", "3"]));
    }

    #[tokio::test]
    async fn every_test_starts_with_an_empty_store() {
        let (notes, mut client) = connect().await;
        assert!(notes.read().notes.is_empty());
        assert_eq!(call(&mut client, "count_notes", json!({})).await["structuredContent"], json!({"result": 0}));
        let unknown = read(&mut client, "notes://7").await;
        assert_eq!(unknown["error"]["code"], -32002);
        let prompt =
            client.request("prompts/get", json!({"name": "summarize_notes", "arguments": {"topic": "go"}})).await;
        assert!(prompt["result"]["messages"][0]["content"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("no notes about go")));
    }
}
