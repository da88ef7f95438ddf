//! A team board that knows who calls it: every request carries a bearer
//! token from an OAuth authorization server, tools need scopes, and the
//! tools see the caller's identity.
//!
//! ```text
//! cargo run --example guarded -- --transport http --port 8000 \
//!     --auth-issuer https://auth.example.com
//! ```
//!
//! The server publishes its protected-resource metadata at
//! `/.well-known/oauth-protected-resource/mcp`, answers 401 with a
//! `WWW-Authenticate` challenge to a request without a token, and 403
//! `insufficient_scope` to a token without the scope a tool needs, so that
//! MCP clients can log in and step up by themselves.

use std::sync::{Arc, Mutex, PoisonError};

use mcp_runtime::prelude::*;
use mcp_runtime::protocol::ErrorObject;
use mcp_runtime::server::middleware::{from_fn, Next, Reply, Request};

/// The board: notes and who wrote them.
#[derive(Clone, Default)]
struct Board(Arc<Mutex<Vec<(String, String)>>>);

impl Board {
    fn lines(&self) -> Vec<String> {
        let notes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        notes.iter().map(|(author, text)| format!("{author}: {text}")).collect()
    }
}

/// Who the token says you are.
#[tool]
fn whoami(identity: Identity) -> String {
    let client = identity.client_id().unwrap_or("an unnamed client");
    format!("{} via {client}, with scopes [{}]", identity.subject(), identity.scopes().join(" "))
}

/// Pin a note to the board, signed with your name.
#[tool(scopes = ["notes:write"])]
fn add_note(State(board): State<Board>, identity: Identity, text: String) -> usize {
    let mut notes = board.0.lock().unwrap_or_else(PoisonError::into_inner);
    notes.push((identity.subject().to_owned(), text));
    notes.len()
}

/// Every note on the board, with its author.
#[tool(scopes = ["notes:read"])]
fn list_notes(State(board): State<Board>) -> Vec<String> {
    board.lines()
}

/// The board as text.
#[resource("board://notes", scopes = ["notes:read"])]
fn board_text(State(board): State<Board>) -> String {
    board.lines().join("\n")
}

/// Ask for a digest of the board.
#[prompt(scopes = ["notes:read"])]
fn digest(State(board): State<Board>) -> String {
    format!("Summarize these notes:\n{}", board.lines().join("\n"))
}

/// Logs who asked for what: middleware sees the identity too.
async fn audit(request: Request, next: Next) -> Result<Reply, ErrorObject> {
    let subject = request.extensions().get::<Identity>().map_or("anonymous", Identity::subject).to_owned();
    tracing::info!(subject, method = request.method(), name = request.name(), "audit");
    next.run(request).await
}

fn server() -> Server {
    Server::new("guarded")
        .state(Board::default())
        .tools(tools![whoami, add_note, list_notes])
        .resources(resources![board_text])
        .prompts(prompts![digest])
        .layer(from_fn(audit))
}

fn main() -> std::process::ExitCode {
    server().run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_is_consistent() {
        assert!(server().check().is_ok());
    }
}
