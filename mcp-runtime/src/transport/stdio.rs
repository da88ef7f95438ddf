//! The stdio transport.
//!
//! stdin is read on a dedicated thread (tokio's stdin would block a pool
//! thread per read) and fed to the [`Connection`] core. When `max_in_flight`
//! calls are running and the queue behind them is full (it is bounded in
//! bytes, see [`Connection`]), the reader stops, the pipe fills and the
//! client feels backpressure. Replies go through one writer that appends
//! to a shared buffer; whoever finds the writer idle drains the buffer, so
//! bursts are written in batches and a lone reply is flushed at once.

use crate::util::MutexExt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};

use super::{BuiltServer, Connection, Transport};
use crate::protocol::Outbound;

/// Newline-delimited JSON-RPC over a byte stream pair, by default the
/// process's stdin and stdout.
pub struct Stdio {
    reader: Box<dyn Read + Send>,
    writer: Box<dyn Write + Send>,
}

impl Stdio {
    /// The process's stdin and stdout.
    pub fn new() -> Self {
        Self::from_io(io::stdin(), io::stdout())
    }

    /// Any reader and writer, such as pipes or sockets.
    pub fn from_io(reader: impl Read + Send + 'static, writer: impl Write + Send + 'static) -> Self {
        Stdio { reader: Box::new(reader), writer: Box::new(writer) }
    }
}

impl Default for Stdio {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Stdio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stdio").finish_non_exhaustive()
    }
}

impl Transport for Stdio {
    async fn serve(self, service: BuiltServer) -> io::Result<()> {
        let connection = Arc::new(Connection::new(&service, Arc::new(BatchingWriter::new(self.writer))));
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        let reader_connection = Arc::clone(&connection);
        let reader = self.reader;
        std::thread::Builder::new().name("mcp-stdin".into()).spawn(move || {
            let frames = FrameReader::new(reader, reader_connection.max_message_size());
            let _ = done_tx.send(read_loop(frames, &reader_connection));
        })?;
        let result = done_rx.await.unwrap_or(Ok(()));
        // Let in-flight calls finish before returning.
        connection.close().await;
        result
    }
}

fn read_loop(mut frames: FrameReader, connection: &Connection) -> io::Result<()> {
    let mut line = Vec::with_capacity(4096);
    loop {
        line.clear();
        match frames.next(&mut line)? {
            Frame::Eof => return Ok(()),
            Frame::Oversized => connection.refuse_oversized(),
            Frame::Line if line.iter().all(u8::is_ascii_whitespace) => {}
            Frame::Line => connection.feed_blocking(&line),
        }
    }
}

/// What one read produced.
#[derive(Debug, PartialEq)]
enum Frame {
    Line,
    Oversized,
    Eof,
}

/// Splits a stream into lines, refusing (and skipping) lines over a limit
/// without ever buffering more than the limit.
struct FrameReader {
    inner: BufReader<Box<dyn Read + Send>>,
    max: usize,
}

impl FrameReader {
    fn new(reader: Box<dyn Read + Send>, max: usize) -> Self {
        FrameReader { inner: BufReader::with_capacity(64 * 1024, reader), max }
    }

    fn next(&mut self, line: &mut Vec<u8>) -> io::Result<Frame> {
        let mut oversized = false;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(match (oversized, line.is_empty()) {
                    (true, _) => Frame::Oversized,
                    (false, true) => Frame::Eof,
                    (false, false) => Frame::Line,
                });
            }
            let newline = available.iter().position(|&b| b == b'\n');
            let take = newline.map_or(available.len(), |i| i);
            if !oversized {
                line.extend_from_slice(&available[..take]);
                if line.len() > self.max {
                    oversized = true;
                    line.clear();
                }
            }
            self.inner.consume(newline.map_or(take, |i| i + 1));
            if newline.is_some() {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(if oversized { Frame::Oversized } else { Frame::Line });
            }
        }
    }
}

/// One writer at a time drains a shared buffer; other senders only append.
struct BatchingWriter {
    pending: Mutex<Pending>,
    sink: Mutex<Box<dyn Write + Send>>,
}

#[derive(Default)]
struct Pending {
    buf: Vec<u8>,
    spare: Vec<u8>,
    writing: bool,
    broken: bool,
}

impl BatchingWriter {
    fn new(sink: Box<dyn Write + Send>) -> Self {
        BatchingWriter { pending: Mutex::default(), sink: Mutex::new(sink) }
    }

    fn write_chunk(&self, chunk: &[u8]) -> io::Result<()> {
        let mut sink = self.sink.locked();
        sink.write_all(chunk)?;
        sink.flush()
    }
}

impl Outbound for BatchingWriter {
    fn send(&self, frame: Vec<u8>) {
        let mut p = self.pending.locked();
        if p.broken {
            return;
        }
        p.buf.extend_from_slice(&frame);
        p.buf.push(b'\n');
        if p.writing {
            return;
        }
        p.writing = true;
        loop {
            let mut chunk = std::mem::take(&mut p.spare);
            std::mem::swap(&mut chunk, &mut p.buf);
            drop(p);
            let written = self.write_chunk(&chunk);
            chunk.clear();
            p = self.pending.locked();
            p.spare = chunk;
            if let Err(e) = written {
                tracing::error!("cannot write to the client, dropping further output: {e}");
                p.broken = true;
            }
            if p.broken || p.buf.is_empty() {
                p.writing = false;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &'static [u8], max: usize) -> Vec<(Frame, String)> {
        let mut reader = FrameReader::new(Box::new(input), max);
        let mut out = Vec::new();
        loop {
            let mut line = Vec::new();
            let frame = reader.next(&mut line).expect("reads");
            if frame == Frame::Eof {
                return out;
            }
            out.push((frame, String::from_utf8_lossy(&line).into_owned()));
        }
    }

    #[test]
    fn splits_lines_and_strips_cr() {
        let got = frames(b"{\"a\":1}\r\n{}\nlast", 100);
        let texts: Vec<_> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["{\"a\":1}", "{}", "last"]);
    }

    #[test]
    fn oversized_lines_are_skipped_whole() {
        let got = frames(b"0123456789abcdef\n{}\n", 8);
        assert_eq!(got, [(Frame::Oversized, String::new()), (Frame::Line, "{}".into())]);
    }
}
