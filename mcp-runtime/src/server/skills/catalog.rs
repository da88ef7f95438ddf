//! [`Catalog`]: a skills directory, read and checked once: each skill's
//! manifest (front matter, files with digests and sizes), each file's
//! bytes, and each directory's children.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hmac_sha256::Hash;
use serde_json::{json, Map, Value};

use super::error::SkillsError;
use super::frontmatter;
use crate::protocol::Resource;

/// The most files one skill may have, `SKILL.md` included.
const MAX_FILES: usize = 512;
/// The most bytes one skill's files may hold together.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// One served skill.
pub(crate) struct Skill {
    /// The `SKILL.md` URI.
    pub(crate) uri: String,
    pub(crate) frontmatter: Map<String, Value>,
    /// Every file, as `{uri, digest, size}`.
    pub(crate) resources: Vec<Value>,
}

impl Skill {
    /// The entry `skills/list` and `skills/get` show.
    pub(crate) fn entry(&self) -> Value {
        json!({ "uri": self.uri, "frontmatter": self.frontmatter, "resources": self.resources })
    }
}

/// One file of a skill.
pub(crate) struct SkillFile {
    pub(crate) resource: Resource,
    pub(crate) bytes: Arc<[u8]>,
}

/// Every skill of a directory.
#[derive(Default)]
pub(crate) struct Catalog {
    pub(crate) skills: Vec<Skill>,
    pub(crate) files: Vec<SkillFile>,
    /// Each directory of a skill (its URI, no trailing slash) and its children.
    pub(crate) directories: BTreeMap<String, Vec<Resource>>,
}

/// A file found under the skills directory: its path relative to it.
struct Found {
    relative: String,
    path: PathBuf,
    size: usize,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog").field("skills", &self.skills.len()).finish_non_exhaustive()
    }
}

impl Catalog {
    /// Reads and checks the skills under `dir`: every directory below it
    /// that holds a `SKILL.md` is a skill, served at
    /// `skill://<its path>/SKILL.md`.
    pub(crate) fn load(dir: &Path) -> Result<Catalog, SkillsError> {
        let mut found = Vec::new();
        walk(dir, "", &mut found)?;
        let mut roots: Vec<&str> = found.iter().filter_map(|f| f.relative.strip_suffix("/SKILL.md")).collect();
        if found.iter().any(|f| f.relative == "SKILL.md") {
            let why = "a SKILL.md at the top; put each skill in a directory of its own, named as the skill".into();
            return Err(SkillsError::Frontmatter { path: dir.join("SKILL.md"), why });
        }
        if roots.is_empty() {
            return Err(SkillsError::Empty(dir.to_owned()));
        }
        roots.sort_unstable();
        let mut catalog = Catalog::default();
        let mut served = BTreeMap::new();
        for root in roots {
            let inside: Vec<&Found> = found.iter().filter(|f| f.relative.starts_with(&format!("{root}/"))).collect();
            catalog.add_skill(dir, root, &inside, &mut served)?;
        }
        catalog.files = served.into_values().collect();
        Ok(catalog)
    }

    fn add_skill(
        &mut self,
        dir: &Path,
        root: &str,
        inside: &[&Found],
        served: &mut BTreeMap<String, SkillFile>,
    ) -> Result<(), SkillsError> {
        let mut resources = Vec::new();
        let mut total = 0u64;
        let mut frontmatter = Map::new();
        for file in inside {
            let bytes =
                std::fs::read(&file.path).map_err(|error| SkillsError::Io { path: file.path.clone(), error })?;
            total += bytes.len() as u64;
            let uri = format!("skill://{}", file.relative);
            if file.relative == format!("{root}/SKILL.md") {
                let text = std::str::from_utf8(&bytes).map_err(|_| SkillsError::Frontmatter {
                    path: file.path.clone(),
                    why: "SKILL.md is not UTF-8".into(),
                })?;
                let name = root.rsplit('/').next().unwrap_or(root);
                frontmatter = frontmatter::parse(text, name)
                    .map_err(|why| SkillsError::Frontmatter { path: file.path.clone(), why })?;
            }
            let digest = format!("sha256:{}", crate::util::hex(&Hash::hash(&bytes)));
            resources.push(json!({ "uri": uri, "digest": digest, "size": bytes.len() }));
            served.entry(uri.clone()).or_insert_with(|| SkillFile {
                resource: file_resource(&uri, &file.relative, bytes.len()),
                bytes: bytes.into(),
            });
        }
        if inside.len() > MAX_FILES || total > MAX_BYTES {
            return Err(SkillsError::TooLarge { path: dir.join(root), files: inside.len(), bytes: total });
        }
        self.add_directories(root, inside);
        let uri = format!("skill://{root}/SKILL.md");
        if let Some(file) = served.get_mut(&uri) {
            file.resource.name = frontmatter["name"].as_str().unwrap_or(root).to_owned();
            file.resource.description = frontmatter["description"].as_str().map(str::to_owned);
        }
        self.skills.push(Skill { uri, frontmatter, resources });
        Ok(())
    }

    /// Records each directory of the skill at `root`, with its children.
    fn add_directories(&mut self, root: &str, inside: &[&Found]) {
        for file in inside {
            let mut parent = file.relative.as_str();
            let mut child = file_resource(&format!("skill://{}", file.relative), &file.relative, file.size);
            while let Some((up, _)) = parent.rsplit_once('/') {
                let children = self.directories.entry(format!("skill://{up}")).or_default();
                if !children.iter().any(|c| c.uri == child.uri) {
                    children.push(child.clone());
                }
                if up == root {
                    break;
                }
                child = directory_resource(up);
                parent = up;
            }
        }
    }
}

fn file_resource(uri: &str, relative: &str, size: usize) -> Resource {
    Resource {
        uri: uri.to_owned(),
        name: relative.rsplit('/').next().unwrap_or(relative).to_owned(),
        title: None,
        description: None,
        mime_type: Some(mime_type(relative).to_owned()),
        size: Some(size as u64),
        icons: Vec::new(),
    }
}

fn directory_resource(relative: &str) -> Resource {
    Resource {
        uri: format!("skill://{relative}"),
        name: relative.rsplit('/').next().unwrap_or(relative).to_owned(),
        title: None,
        description: None,
        mime_type: Some("inode/directory".into()),
        size: None,
        icons: Vec::new(),
    }
}

/// The MIME type a file is served with, by its extension.
pub(crate) fn mime_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).as_deref() {
        Some("md") => "text/markdown",
        Some("txt") => "text/plain",
        Some("json") => "application/json",
        Some("yaml" | "yml") => "application/yaml",
        Some("py") => "text/x-python",
        Some("sh") => "text/x-shellscript",
        Some("html" | "htm") => "text/html",
        Some("csv") => "text/csv",
        Some("png") => "image/png",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Every regular file under `dir`, refusing symbolic links and paths that
/// are not UTF-8.
fn walk(dir: &Path, prefix: &str, found: &mut Vec<Found>) -> Result<(), SkillsError> {
    let io = |error| SkillsError::Io { path: dir.to_owned(), error };
    let mut entries: Vec<_> = std::fs::read_dir(dir).map_err(io)?.collect::<Result<_, _>>().map_err(io)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).map_err(|error| SkillsError::Io { path: path.clone(), error })?;
        if meta.file_type().is_symlink() {
            return Err(SkillsError::Symlink(path));
        }
        let name = entry.file_name().into_string().map_err(|_| SkillsError::NotUtf8(path.clone()))?;
        if name.starts_with('.') {
            continue;
        }
        let relative = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        if meta.is_dir() {
            walk(&path, &relative, found)?;
        } else if meta.is_file() {
            let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
            found.push(Found { relative, path, size });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mcp-skills-{}", crate::util::random_hex::<6>()));
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        dir
    }

    const REVIEW: &str = "---\nname: code-review\ndescription: Review code using the team's checklist.\n---\n\n# Code review\n\nRead `references/checklist.md`, then review the diff.\n";

    #[test]
    fn a_skill_lists_its_files_with_digests_and_its_directories() {
        let dir = tree(&[
            ("code-review/SKILL.md", REVIEW),
            (
                "code-review/references/checklist.md",
                "# Review checklist\n\nCheck correctness, tests, and compatibility.\n",
            ),
        ]);
        let catalog = Catalog::load(&dir).expect("loads");
        let entry = catalog.skills[0].entry();
        assert_eq!(entry["uri"], "skill://code-review/SKILL.md");
        // The extension's own test vectors.
        let digest = "sha256:d2489d6c182e8df9c178563ff9f2eac7998a0c1bb1278c52a7fd5306e4259160";
        assert!(entry["resources"].as_array().unwrap().iter().any(|r| r["digest"] == digest && r["size"] == 149));
        let digest = "sha256:dbab2de7bf7db9cc95cb6ce681c3690b26184db39f75b958a0287ca6d9e24e20";
        assert!(entry["resources"].as_array().unwrap().iter().any(|r| r["digest"] == digest && r["size"] == 65));
        let root = &catalog.directories["skill://code-review"];
        assert!(root
            .iter()
            .any(|r| r.uri == "skill://code-review/references" && r.mime_type.as_deref() == Some("inode/directory")));
        assert!(catalog.directories["skill://code-review/references"].iter().any(|r| r.name == "checklist.md"));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn problems_name_the_file() {
        let dir = tree(&[("wrong/SKILL.md", REVIEW)]);
        let error = Catalog::load(&dir).expect_err("refused").to_string();
        assert!(error.contains("wrong/SKILL.md") && error.contains("directory name"), "{error}");
        let _ = std::fs::remove_dir_all(dir);
        let dir = tree(&[("code-review/SKILL.md", REVIEW)]);
        std::os::unix::fs::symlink("/etc/passwd", dir.join("code-review/passwd")).expect("symlink");
        let error = Catalog::load(&dir).expect_err("refused").to_string();
        assert!(error.contains("passwd") && error.contains("symbolic link"), "{error}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
