//! A real Redis (Debian's `redis-server`) on a free port of 127.0.0.1, with
//! no persistence, in a directory of its own; it can be stopped and
//! started again on the same port.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// `redis-server`: `$MCP_REDIS_SERVER`, else `/usr/bin/redis-server`, else
/// on `PATH`. `None` when there is none, which fails the caller under
/// `MCP_REQUIRE_INTEROP=1` (as in CI, where `.ci/run` installs it).
pub fn redis_server() -> Option<PathBuf> {
    let why = "redis-server is not installed (apt-get install redis-server, or set MCP_REDIS_SERVER)";
    crate::find_program("MCP_REDIS_SERVER", &["/usr/bin/redis-server", "redis-server"], "--version", why)
}

/// A running Redis. Dropping it stops it.
pub struct RedisServer {
    program: PathBuf,
    child: Option<Child>,
    dir: PathBuf,
    /// The port it listens on.
    pub port: u16,
}

impl RedisServer {
    /// Starts `program` on a free port.
    pub fn start(program: &Path) -> Self {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("mcp-redis-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory for redis");
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a port").port();
        let mut server = RedisServer { program: program.to_owned(), child: None, dir, port };
        server.resume();
        server
    }

    /// Its URL.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Stops it (as a crash would: its data is gone).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port.
    pub fn resume(&mut self) {
        let child = Command::new(&self.program)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start listening");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
