//! [`SkillsError`]: why a skills directory cannot be served, naming the file.

use std::fmt;
use std::path::PathBuf;

/// Why a skills directory cannot be served; each names the file at fault.
#[derive(Debug)]
#[non_exhaustive]
pub(crate) enum SkillsError {
    /// A file or directory could not be read.
    Io {
        /// The path.
        path: PathBuf,
        /// What the OS said.
        error: std::io::Error,
    },
    /// A symbolic link: a skill's files must stay inside it.
    Symlink(PathBuf),
    /// A path that is not UTF-8, so it makes no URI.
    NotUtf8(PathBuf),
    /// A `SKILL.md` whose front matter is missing or wrong.
    Frontmatter {
        /// The `SKILL.md`.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// A skill over the extension's limits (512 files, 16 MiB).
    TooLarge {
        /// The skill's directory.
        path: PathBuf,
        /// Its files.
        files: usize,
        /// Their total size in bytes.
        bytes: u64,
    },
    /// The directory holds no skill.
    Empty(PathBuf),
}

impl fmt::Display for SkillsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkillsError::Io { path, error } => write!(f, "skills: cannot read {}: {error}", path.display()),
            SkillsError::Symlink(path) => {
                write!(f, "skills: {} is a symbolic link; copy the file into the skill instead", path.display())
            }
            SkillsError::NotUtf8(path) => write!(f, "skills: {} is not a UTF-8 path; rename it", path.display()),
            SkillsError::Frontmatter { path, why } => write!(f, "skills: {}: {why}", path.display()),
            SkillsError::TooLarge { path, files, bytes } => write!(
                f,
                "skills: {} has {files} files and {bytes} bytes; a skill may have at most 512 files and 16 MiB",
                path.display()
            ),
            SkillsError::Empty(path) => {
                write!(f, "skills: {} holds no skill (a directory with a SKILL.md)", path.display())
            }
        }
    }
}

impl std::error::Error for SkillsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SkillsError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}
