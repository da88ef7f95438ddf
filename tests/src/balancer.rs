//! A real load balancer in front of server instances: nginx (Debian's
//! package), round-robin per request with no stickiness, on a free port of
//! 127.0.0.1, in a directory of its own, with streams passed through
//! unbuffered.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A running nginx. Dropping it stops it and removes its directory.
pub struct Balancer {
    child: Child,
    dir: PathBuf,
    /// The port it listens on.
    pub port: u16,
}

/// nginx: `$MCP_NGINX`, else `/usr/sbin/nginx`, else `nginx` on `PATH`.
///
/// `None` when there is none, which fails the caller under
/// `MCP_REQUIRE_INTEROP=1` (as in CI, where `.ci/run` installs it) and
/// skips it otherwise.
pub fn nginx() -> Option<PathBuf> {
    let why = "nginx is not installed (apt-get install nginx-light, or set MCP_NGINX)";
    crate::find_program("MCP_NGINX", &["/usr/sbin/nginx", "nginx"], "-v", why)
}

impl Balancer {
    /// Balances over the instances listening on `upstreams` (127.0.0.1).
    pub fn start(nginx: &std::path::Path, upstreams: &[u16]) -> Self {
        Self::start_cutting(nginx, upstreams, Duration::from_secs(3600))
    }

    /// [`Balancer::start`], but nginx keeps idle connections to the
    /// instances and reuses them (still round-robin per request), as a
    /// production proxy does: for benchmarks, where opening a connection
    /// per request would measure nginx rather than the instances.
    pub fn start_pooled(nginx: &std::path::Path, upstreams: &[u16]) -> Self {
        Self::launch(nginx, upstreams, Duration::from_secs(3600), true)
    }

    /// [`Balancer::start`], but a response that sends nothing for
    /// `read_timeout` is cut off, as a proxy with a short timeout does.
    pub fn start_cutting(nginx: &std::path::Path, upstreams: &[u16], read_timeout: Duration) -> Self {
        Self::launch(nginx, upstreams, read_timeout, false)
    }

    fn launch(nginx: &std::path::Path, upstreams: &[u16], read_timeout: Duration, pooled: bool) -> Self {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("mcp-balancer-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory for nginx");
        let port = free_port();
        std::fs::write(dir.join("nginx.conf"), config(port, upstreams, read_timeout, pooled)).expect("nginx.conf");
        let child = Command::new(nginx)
            .arg("-p")
            .arg(&dir)
            .args(["-c", "nginx.conf", "-e", "error.log"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let balancer = Balancer { child, dir, port };
        balancer.wait_until_listening();
        balancer
    }

    /// The Streamable HTTP endpoint through the balancer.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/mcp", self.port)
    }

    fn wait_until_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            let log = std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default();
            assert!(Instant::now() < deadline, "nginx did not start listening; its log:\n{log}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("an address").port()
}

/// Round-robin per request (no `keepalive` to the upstreams, so no
/// connection pins a client to an instance); SSE passes unbuffered. A
/// request body is buffered, so that a request an instance refused (it
/// died) goes to the next one; one an instance took is never sent twice.
fn config(port: u16, upstreams: &[u16], read_timeout: Duration, pooled: bool) -> String {
    let read_timeout = read_timeout.as_millis();
    let keepalive = if pooled { "        keepalive 64;\n" } else { "" };
    let servers: String = upstreams.iter().map(|p| format!("        server 127.0.0.1:{p};\n")).collect();
    format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid nginx.pid;\nerror_log error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n    access_log off;\n    client_body_temp_path body;\n    proxy_temp_path proxy;\n    \
         fastcgi_temp_path fastcgi;\n    uwsgi_temp_path uwsgi;\n    scgi_temp_path scgi;\n    \
         upstream mcp {{\n{servers}{keepalive}    }}\n    \
         server {{\n        listen 127.0.0.1:{port};\n        keepalive_requests 1000000;\n        location / {{\n            proxy_pass http://mcp;\n            \
         proxy_http_version 1.1;\n            proxy_set_header Host $http_host;\n            \
         proxy_set_header Connection \"\";\n            proxy_buffering off;\n            proxy_connect_timeout 2s;\n            \
         proxy_next_upstream error timeout;\n            proxy_read_timeout {read_timeout}ms;\n        }}\n    }}\n}}\n"
    )
}
