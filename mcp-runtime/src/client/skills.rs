//! Agent Skills from a server (the Skills extension): listing them, and
//! loading a skill's files only when they are needed, each checked
//! against its manifest (size, SHA-256 digest, and for `SKILL.md` its
//! front matter) before it is used.

use hmac_sha256::Hash;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::server_link::protocol;
use super::{Client, Error};
use crate::protocol::ResourceContents;

/// One skill, as `skills/list` and `skills/get` describe it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct SkillEntry {
    /// The URI of its `SKILL.md`.
    pub uri: String,
    /// Its front matter (`name`, `description`, ...).
    pub frontmatter: Map<String, Value>,
    /// Its files, or `"dynamic"` (no digests: nothing can be checked).
    pub resources: SkillFiles,
}

/// A skill's files.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum SkillFiles {
    /// Every file, with its digest and size.
    Listed(Vec<SkillFile>),
    /// The server cannot give stable digests.
    Dynamic(String),
}

/// One file of a skill's manifest.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct SkillFile {
    /// Its resource URI.
    pub uri: String,
    /// `sha256:<64 hex>` over its bytes.
    pub digest: String,
    /// Its size in bytes.
    pub size: u64,
}

impl SkillEntry {
    /// Its `name`.
    pub fn name(&self) -> &str {
        self.frontmatter.get("name").and_then(Value::as_str).unwrap_or_default()
    }

    /// Its `description`.
    pub fn description(&self) -> &str {
        self.frontmatter.get("description").and_then(Value::as_str).unwrap_or_default()
    }
}

impl Client {
    /// Every skill the server lists, across pages (feature `skills`). Nothing
    /// of a skill is read until [`Client::load_skill`].
    pub async fn list_skills(&self) -> Result<Vec<SkillEntry>, Error> {
        let mut skills = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..1000 {
            let params = match &cursor {
                Some(cursor) => json!({ "cursor": cursor }),
                None => json!({}),
            };
            let page: Value = self.request("skills/list", params).await?;
            let entries = page.get("skills").cloned().unwrap_or_else(|| json!([]));
            skills.extend(self.parse_skills(entries)?);
            match page.get("nextCursor").and_then(Value::as_str) {
                Some(next) if Some(next) != cursor.as_deref() => cursor = Some(next.to_owned()),
                _ => return Ok(skills),
            }
        }
        Err(protocol(&self.conn, "`skills/list` did not end after 1000 pages"))
    }

    /// One skill's current entry (`skills/get`), by its `SKILL.md` URI.
    pub async fn get_skill(&self, uri: &str) -> Result<SkillEntry, Error> {
        let result: Value = self.request("skills/get", json!({ "uri": uri })).await?;
        serde_json::from_value(result["skill"].clone())
            .map_err(|e| protocol(&self.conn, format!("`skills/get` result: {e}")))
    }

    /// Loads a skill: reads its `SKILL.md` and checks it against the entry
    /// (size, digest, front matter), returning its text. Content that does
    /// not match is refused: refresh the entry with [`Client::get_skill`].
    pub async fn load_skill(&self, skill: &SkillEntry) -> Result<String, Error> {
        let bytes = self.read_skill_file(skill, &skill.uri).await?;
        let text = String::from_utf8(bytes).map_err(|_| self.unverified(skill, "SKILL.md is not UTF-8"))?;
        let read = crate::protocol::skills::frontmatter(&text).map_err(|why| self.unverified(skill, &why))?;
        let keys = read.keys().chain(skill.frontmatter.keys());
        if let Some(key) = keys.into_iter().find(|k| read.get(*k) != skill.frontmatter.get(*k)) {
            return Err(self.unverified(skill, &format!("its front matter's `{key}` differs from the entry's")));
        }
        Ok(text)
    }

    /// Reads one file the skill's manifest lists, checked against its size
    /// and digest; a file it does not list is refused.
    pub async fn read_skill_file(&self, skill: &SkillEntry, uri: &str) -> Result<Vec<u8>, Error> {
        let listed = match &skill.resources {
            SkillFiles::Listed(files) => Some(
                files.iter().find(|f| f.uri == uri).ok_or_else(|| self.unverified(skill, "the file is not listed"))?,
            ),
            SkillFiles::Dynamic(_) => None,
        };
        let contents = self.read_resource(uri).await?;
        let bytes = match contents.first() {
            Some(ResourceContents::Text { text, .. }) => text.clone().into_bytes(),
            Some(ResourceContents::Blob { blob, .. }) => crate::util::base64::decode(blob).unwrap_or_default(),
            None => return Err(self.unverified(skill, &format!("{uri} has no contents"))),
        };
        if let Some(file) = listed {
            if bytes.len() as u64 != file.size {
                return Err(self.unverified(skill, &format!("{uri} is {} bytes, not {}", bytes.len(), file.size)));
            }
            if format!("sha256:{}", crate::util::hex(&Hash::hash(&bytes))) != file.digest {
                return Err(self.unverified(skill, &format!("{uri} does not match its digest")));
            }
        }
        Ok(bytes)
    }

    fn parse_skills(&self, entries: Value) -> Result<Vec<SkillEntry>, Error> {
        serde_json::from_value(entries).map_err(|e| protocol(&self.conn, format!("`skills/list` result: {e}")))
    }

    fn unverified(&self, skill: &SkillEntry, why: &str) -> Error {
        protocol(&self.conn, format!("skill {} failed verification: {why}", skill.uri))
    }
}
