//! `Server::run` and `Server::serve`: the one-call entry points.

use std::io::Write;
use std::process::ExitCode;

use super::Server;
use crate::cli::{Command, TransportKind};
use crate::transport::{Stdio, Transport};

impl Server {
    /// Parses the command line, builds a tokio runtime and serves until the
    /// client goes away. Returns the process exit code.
    ///
    /// Flags: `--transport stdio|sse|http`, `--host`, `--port`, `--path`,
    /// `--inspect` (print the manifest as JSON and exit), `--help`, `--version`.
    pub fn run(self) -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let program = std::env::args().next().unwrap_or_else(|| self.info.name.clone());
        match crate::cli::parse(&args) {
            Ok(command) => self.run_command(command, &program),
            Err(message) => {
                eprintln!("error: {message}\n\n{}", crate::cli::usage(&program));
                ExitCode::from(2)
            }
        }
    }

    fn run_command(self, command: Command, program: &str) -> ExitCode {
        match command {
            Command::Help => print_stdout(&crate::cli::usage(program)),
            Command::Version => print_stdout(&format!("{} {}", self.info.name, self.info.version)),
            Command::Inspect => {
                let manifest = serde_json::to_string_pretty(&self.manifest()).unwrap_or_default();
                print_stdout(&manifest)
            }
            Command::Serve(options) => match options.transport {
                TransportKind::Stdio => self.block_on_stdio(),
                other => {
                    eprintln!(
                        "error: --transport {other} is not available in this build; this server speaks stdio only"
                    );
                    ExitCode::from(2)
                }
            },
        }
    }

    fn block_on_stdio(self) -> ExitCode {
        crate::cli::init_stderr_logging();
        let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
            Ok(rt) => rt,
            Err(e) => {
                eprintln!("error: cannot start the async runtime: {e}");
                return ExitCode::FAILURE;
            }
        };
        match runtime.block_on(self.serve(Stdio::new())) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!("server stopped: {e}");
                ExitCode::FAILURE
            }
        }
    }

    /// Serves one transport on the caller's tokio runtime until it closes.
    ///
    /// ```no_run
    /// # use mcp_runtime::prelude::*;
    /// # async fn example() -> std::io::Result<()> {
    /// Server::new("mine").serve(mcp_runtime::transport::Stdio::new()).await
    /// # }
    /// ```
    pub async fn serve(self, transport: impl Transport) -> std::io::Result<()> {
        let core = self.into_core().map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        transport.serve(crate::transport::Service::new(core)).await
    }
}

fn print_stdout(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
