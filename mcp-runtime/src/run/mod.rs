//! `Server::run` and `Server::serve`: the one-call entry points.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Command, ServeOptions, TransportKind};
use crate::server::Server;
use crate::transport::{BuiltServer, Stdio, Transport};

#[cfg(feature = "server-http")]
mod http;
mod stderr_log;

impl Server {
    /// Parses the command line, builds a tokio runtime and serves until the
    /// client goes away. Returns the process exit code.
    ///
    /// Flags: `--transport stdio|sse|http`, `--host`, `--port`, `--path`,
    /// `--inspect` (print the manifest as JSON and exit), `--help`, `--version`.
    pub fn run(self) -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let program = std::env::args().next().unwrap_or_else(|| self.info().name.clone());
        match crate::cli::parse(&args) {
            Ok(command) => self.run_command(command, &program),
            Err(message) => {
                eprintln!("error: {message}\n\n{}", crate::cli::usage(&program));
                ExitCode::from(2)
            }
        }
    }

    fn run_command(mut self, command: Command, program: &str) -> ExitCode {
        if let Command::Serve(ServeOptions { request_state_key: Some(secret), .. }) = &command {
            self = self.request_state_key(secret);
        }
        if matches!(command, Command::Inspect | Command::Serve(_)) {
            if let Err(error) = self.check() {
                eprintln!("error: the server is inconsistent: {error}");
                return ExitCode::from(2);
            }
        }
        match command {
            Command::Help => print_stdout(&crate::cli::usage(program)),
            Command::Version => print_stdout(&format!("{} {}", self.info().name, self.info().version)),
            Command::Inspect => {
                let manifest = serde_json::to_string_pretty(&self.manifest()).unwrap_or_default();
                print_stdout(&manifest)
            }
            Command::Serve(options) => match options.transport {
                TransportKind::Stdio if options.auth != crate::cli::AuthOptions::default() => {
                    eprintln!(
                        "error: --auth-* flags (or MCP_AUTH_* variables) apply to HTTP and WebSocket only; stdio \
                         trusts the process that started it, as the MCP authorization spec says"
                    );
                    ExitCode::from(2)
                }
                TransportKind::Stdio if !options.network_only_flags().is_empty() => {
                    eprintln!(
                        "error: {} only work with --transport http, sse or websocket; stdio would ignore them",
                        options.network_only_flags().join(", ")
                    );
                    ExitCode::from(2)
                }
                TransportKind::Stdio => {
                    let ignored = options.network_only_variables();
                    if !ignored.is_empty() {
                        eprintln!(
                            "warning: stdio ignores {}, which only HTTP, SSE and WebSocket use",
                            ignored.join(", ")
                        );
                    }
                    self.block_on_stdio()
                }
                TransportKind::Sse | TransportKind::Http | TransportKind::WebSocket => self.block_on_http(options),
            },
        }
    }

    /// stdio serves one client: the thread that reads stdin answers what
    /// completes at once, and the main thread drives the rest, so that no
    /// worker threads are started (and waited for) before the first answer.
    fn block_on_stdio(self) -> ExitCode {
        let mut builder = tokio::runtime::Builder::new_current_thread();
        // No signal driver: stdio ends when stdin does.
        builder.enable_io().enable_time();
        block_on(builder, self.serve(Stdio::new()))
    }

    #[cfg(not(feature = "server-http"))]
    fn block_on_http(self, options: crate::cli::ServeOptions) -> ExitCode {
        eprintln!(
            "error: --transport {} needs mcp-runtime's `server-http` feature, which this build lacks; it speaks stdio only",
            options.transport
        );
        ExitCode::from(2)
    }

    /// Serves one transport on the caller's tokio runtime until it closes.
    ///
    /// ```no_run
    /// # use mcp_runtime::prelude::*;
    /// # async fn example() -> std::io::Result<()> {
    /// Server::new("mine").serve(mcp_runtime::transport::Stdio::new()).await
    /// # }
    /// ```
    ///
    /// The future is boxed, so that a value that is not a transport is one
    /// error at the call rather than one per use of the future.
    pub fn serve<T: Transport>(self, transport: T) -> crate::server::Serving {
        Box::pin(async move {
            let service =
                BuiltServer::new(self).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
            transport.serve(service).await
        })
    }
}

/// Runs a serving future on a fresh runtime, with stderr logging.
pub(crate) fn block_on(
    mut builder: tokio::runtime::Builder,
    serving: impl std::future::Future<Output = std::io::Result<()>>,
) -> ExitCode {
    stderr_log::install();
    let runtime = match builder.build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serving) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("server stopped: {e}");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print_stdout(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
