//! A server of Agent Skills (the Skills extension): the skills in
//! `examples/skills/`, each a directory with a `SKILL.md`, served as
//! `skill://` resources with `skills/list`, `skills/get` and
//! `resources/directory/read`.
//!
//! ```text
//! cargo run --example skills -- --transport http --port 8000
//! ```

use mcp_runtime::prelude::*;

fn main() -> std::process::ExitCode {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/skills");
    Server::new("skills").version(env!("CARGO_PKG_VERSION")).skills_dir(dir).run()
}
