//! The stdio connector: a child process spoken to over its stdin/stdout.

use crate::util::MutexExt;
use std::collections::VecDeque;
use std::ffi::OsString;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{ChildStderr, Command};
use tokio::sync::mpsc;

use super::connection::Connection;
use super::session::{Attached, ChildProcess};
use super::{Client, ClientOptions, Error};

/// Spawns and initializes. A server that dies on the era probe (servers
/// on older SDKs may exit on a method they do not know) is started again and
/// spoken to with `initialize` straight away.
pub(crate) async fn connect<I, S>(
    command: &str,
    args: I,
    env: &[(String, String)],
    options: ClientOptions,
) -> Result<Client, Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    super::lifecycle::connect_surviving_the_probe(options, |options| connect_once(command, &args, env, options)).await
}

async fn connect_once(
    command: &str,
    args: &[OsString],
    env: &[(String, String)],
    options: ClientOptions,
) -> Result<Client, Error> {
    let server = options.server_name.clone();
    let mut child = Command::new(command)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(if options.inherit_stderr { Stdio::inherit() } else { Stdio::piped() })
        .kill_on_drop(true)
        .spawn()
        .map_err(|source| Error::Spawn { server: server.clone(), source })?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(Error::Closed { server, stderr: String::new() });
    };
    let tail = StderrTail::default();
    let stderr_reader = child.stderr.take().map(|stderr| tokio::spawn(tail.clone().keep(stderr)));
    let (out, mut out_rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let stdin_writer = tokio::spawn(async move {
        while let Some(mut frame) = out_rx.recv().await {
            frame.push(b'\n');
            if stdin.write_all(&frame).await.is_err() || stdin.flush().await.is_err() {
                break;
            }
        }
    });
    let (frames, incoming) = crate::client::connection::incoming_channel();
    tokio::spawn(async move {
        let mut lines = BufReader::new(stdout).split(b'\n');
        while let Ok(Some(line)) = lines.next_segment().await {
            if !line.iter().all(u8::is_ascii_whitespace) && frames.send(line).await.is_err() {
                break;
            }
        }
    });
    let conn = Connection::start(server, out, incoming, options.handlers.clone());
    let process = ChildProcess { child, stdin_writer };
    match Client::handshake(conn, &options, Some(Attached::Child(process))).await {
        Err(Error::Closed { server, .. }) => {
            // It exited: its last words explain why.
            if let Some(reader) = stderr_reader {
                let _ = tokio::time::timeout(Duration::from_millis(500), reader).await;
            }
            Err(Error::Closed { server, stderr: tail.text() })
        }
        other => other,
    }
}

/// The last lines of a child's stderr (which is drained so it never blocks).
#[derive(Clone, Default)]
struct StderrTail(Arc<Mutex<VecDeque<String>>>);

impl StderrTail {
    const LINES: usize = 20;

    async fn keep(self, stderr: ChildStderr) {
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let mut tail = self.0.locked();
            if tail.len() == Self::LINES {
                tail.pop_front();
            }
            tail.push_back(line);
        }
    }

    fn text(&self) -> String {
        let tail = self.0.locked();
        tail.iter().map(String::as_str).collect::<Vec<_>>().join("\n")
    }
}
