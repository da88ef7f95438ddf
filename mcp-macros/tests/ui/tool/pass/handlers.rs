use mcp_runtime::prelude::*;
use std::sync::Mutex;

struct Notes {
    items: Mutex<Vec<String>>,
}

#[handlers]
impl Notes {
    /// Add a note.
    #[tool]
    async fn add(&self, text: String) -> usize {
        let mut items = self.items.lock().unwrap();
        items.push(text);
        items.len()
    }

    /// List the notes.
    #[tool(read_only)]
    fn list(&self) -> Vec<String> {
        self.items.lock().unwrap().clone()
    }

    /// Not a tool: stays an ordinary method.
    fn helper(&self) {}

    /// An associated function can be a tool too.
    #[tool]
    fn version() -> String {
        "1".into()
    }
}

fn main() {
    let notes = Notes { items: Mutex::new(Vec::new()) };
    notes.helper();
    let _ = Server::new("notes").handlers(notes);
}
