//! The official Python SDK: its interpreters (the current SDK and the
//! seed's 1.4), made on first use, and the scripts in `tests/python`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::programs::workspace_root;

/// The Python interpreter that has the official `mcp` SDK installed:
/// `$MCP_PYTHON`, else the repository's `.venv`, created on first use from
/// `tests/python/requirements.txt` (PyPI).
///
/// Returns `None` when neither works, which fails the caller under
/// `MCP_REQUIRE_INTEROP=1` (as in CI) and skips it otherwise.
pub fn python_with_sdk() -> Option<PathBuf> {
    static PYTHON: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    require(PYTHON.get_or_init(|| find_or_make_venv("MCP_PYTHON", ".venv", "requirements.txt")))
}

/// The same for the seed's SDK version (`mcp>=1.4.1,<1.5`, `pydantic<2.11`):
/// `$MCP_SEED_PYTHON`, else `.venv-seed` from `requirements-seed.txt`.
pub fn python_with_seed_sdk() -> Option<PathBuf> {
    static PYTHON: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    require(PYTHON.get_or_init(|| find_or_make_venv("MCP_SEED_PYTHON", ".venv-seed", "requirements-seed.txt")))
}

fn require(found: &Result<PathBuf, String>) -> Option<PathBuf> {
    match found {
        Ok(path) => Some(path.clone()),
        Err(why) => {
            assert!(std::env::var_os("MCP_REQUIRE_INTEROP").is_none(), "{why}");
            eprintln!("SKIPPED: {why}");
            None
        }
    }
}

fn find_or_make_venv(env_key: &str, dir: &str, requirements: &str) -> Result<PathBuf, String> {
    if let Some(python) = std::env::var_os(env_key).map(PathBuf::from) {
        return has_sdk(&python).then_some(python).ok_or(format!("{env_key} has no `mcp` package"));
    }
    let venv = workspace_root().join(dir);
    let python = venv.join("bin/python");
    if has_sdk(&python) {
        return Ok(python);
    }
    let requirements = workspace_root().join("tests/python").join(requirements);
    let made = Command::new("python3").arg("-m").arg("venv").arg(&venv).status().is_ok_and(|s| s.success())
        && Command::new(&python)
            .args(["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r"])
            .arg(&requirements)
            .status()
            .is_ok_and(|s| s.success());
    if made && has_sdk(&python) {
        Ok(python)
    } else {
        Err(format!("the MCP Python SDK could not be installed into {dir} (python3 -m venv, pip install)"))
    }
}

fn has_sdk(python: &Path) -> bool {
    Command::new(python).args(["-c", "import mcp"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// Runs a script from `tests/python` with the SDK's interpreter; returns its stdout.
pub fn run_python_script(python: &Path, script: &str, args: &[&Path]) -> String {
    run_script(python, script, |command| {
        command.args(args);
    })
}

/// Runs `tests/python/<script> args..` with extra environment variables;
/// returns its stdout, failing the test (with its output) when it fails.
pub fn run_python(python: &Path, script: &str, args: &[&str], env: &[(&str, &Path)]) -> String {
    run_script(python, script, |command| {
        command.args(args).envs(env.iter().copied());
    })
}

/// Runs `tests/python/<script>` as `configure` sets it up; its stdout,
/// failing the test (with its output) when it fails.
fn run_script(python: &Path, script: &str, configure: impl FnOnce(&mut Command)) -> String {
    let script = workspace_root().join("tests/python").join(script);
    let mut command = Command::new(python);
    command.arg(&script);
    configure(&mut command);
    let out = command.output().expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{} failed:\nstdout:\n{stdout}\nstderr:\n{}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
