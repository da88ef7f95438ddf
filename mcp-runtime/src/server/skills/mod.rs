//! Agent Skills served over MCP (the Skills extension,
//! `io.modelcontextprotocol/skills`, SEP-2640): [`Server::skills_dir`]
//! reads a directory of skills once, when the server is built, checks it,
//! and serves each file as a `skill://` resource, with `skills/list`,
//! `skills/get` and `resources/directory/read`
//! ([`crate::server::methods::skills`]).
//!
//! [`Server::skills_dir`]: crate::server::Server::skills_dir

mod catalog;
mod error;
mod frontmatter;

pub(crate) use catalog::{Catalog, SkillFile};

/// The extension's identifier, in `capabilities.extensions`.
pub(crate) const SKILLS_EXTENSION: &str = "io.modelcontextprotocol/skills";

use std::sync::Arc;

use crate::handler::StaticResourceDef;
use crate::protocol::ResourceContents;

/// Reads the skills under `dir`: the catalog, and a resource per file
/// (registered by `origin`); or why they cannot be served.
pub(crate) fn load(dir: &std::path::Path, origin: &str) -> Result<(Arc<Catalog>, Vec<StaticResourceDef>), String> {
    let catalog = Catalog::load(dir).map_err(|e| e.to_string())?;
    let files = catalog.files.iter().map(|file| file_def(file, origin)).collect();
    Ok((Arc::new(catalog), files))
}

/// The resource that serves one file: text when it is UTF-8, else a blob.
fn file_def(file: &SkillFile, origin: &str) -> StaticResourceDef {
    let bytes = Arc::clone(&file.bytes);
    let (uri, mime) = (file.resource.uri.clone(), file.resource.mime_type.clone().unwrap_or_default());
    let read = move |_: crate::handler::resource::ReadInput<'_>| -> crate::handler::resource::ResourceFuture {
        let contents = match std::str::from_utf8(&bytes) {
            Ok(text) => ResourceContents::text(&uri, &mime, text),
            Err(_) => ResourceContents::blob(&uri, &mime, &bytes),
        };
        Box::pin(std::future::ready(Ok(vec![contents])))
    };
    StaticResourceDef::new(file.resource.clone(), read, origin)
}
