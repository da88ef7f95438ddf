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

use super::attached::{Attached, ChildProcess};
use super::server_link::ServerLink;
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
    let (frames, incoming) = crate::client::server_link::incoming_channel();
    let limit = options.max_message_bytes;
    tokio::spawn(async move {
        let mut stdout = BufReader::new(stdout);
        while let Some(line) = next_line(&mut stdout, limit).await {
            if !line.iter().all(u8::is_ascii_whitespace) && frames.send(line).await.is_err() {
                break;
            }
        }
    });
    let conn = ServerLink::start(server, out, incoming, options.handlers.clone());
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

/// The next line of `reader`, without its `\n`; `None` at the end. A line
/// longer than `limit` is skipped whole, never held.
async fn next_line<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut R, limit: usize) -> Option<Vec<u8>> {
    let mut line = Vec::new();
    let mut skipping = false;
    loop {
        let buffer = reader.fill_buf().await.ok()?;
        if buffer.is_empty() {
            return (!line.is_empty() && !skipping).then_some(line);
        }
        let (chunk, ends) = match buffer.iter().position(|&b| b == b'\n') {
            Some(at) => (&buffer[..at], Some(at + 1)),
            None => (buffer, None),
        };
        skipping |= line.len() + chunk.len() > limit;
        if !skipping {
            line.extend_from_slice(chunk);
        }
        let used = ends.unwrap_or(buffer.len());
        reader.consume(used);
        if ends.is_some() {
            if !skipping {
                return Some(line);
            }
            tracing::warn!("the server wrote a line longer than {limit} bytes; it was skipped");
            line.clear();
            skipping = false;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lines_over_the_limit_are_skipped_whole() {
        let input = format!("{{\"a\":1}}\n{}\n{{\"b\":2}}\nlast", "x".repeat(5000));
        let mut reader = BufReader::with_capacity(64, input.as_bytes());
        let mut lines = Vec::new();
        while let Some(line) = next_line(&mut reader, 1024).await {
            lines.push(String::from_utf8(line).expect("utf-8"));
        }
        assert_eq!(lines, [r#"{"a":1}"#, r#"{"b":2}"#, "last"]);
    }
}
