use mcp_runtime::prelude::*;

/// The template says `{id}`, the parameter is `note_id`.
#[resource("notes://{id}")]
fn note(note_id: u64, ctx: Context) -> String {
    let _ = ctx;
    note_id.to_string()
}

fn main() {}
