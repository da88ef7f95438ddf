//! The WebSocket benchmark floor: tokio-tungstenite alone. Each text
//! message is parsed into a `serde_json::Value` and answered the way
//! `floor_http` answers (`initialize`, and `tools/call` for `add_numbers`),
//! with nothing else: no sessions, no checks. `--port 0` picks a free port;
//! the address is printed.

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args().skip_while(|a| a != "--port").nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        eprintln!("floor serving at ws://{}", listener.local_addr()?);
        loop {
            let (stream, _) = listener.accept().await?;
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let Ok(mut socket) = tokio_tungstenite::accept_hdr_async(stream, with_mcp_protocol).await else {
                    return;
                };
                while let Some(Ok(message)) = socket.next().await {
                    let Message::Text(text) = message else { continue };
                    if socket.send(Message::text(answer(text.as_str()))).await.is_err() {
                        break;
                    }
                }
            });
        }
    })
}

/// Agrees to the `mcp` subprotocol, as an MCP server does. (The signature
/// is tungstenite's callback type.)
#[allow(clippy::result_large_err)]
fn with_mcp_protocol(_: &Request, mut response: Response) -> Result<Response, ErrorResponse> {
    response.headers_mut().insert("sec-websocket-protocol", HeaderValue::from_static("mcp"));
    Ok(response)
}

fn answer(text: &str) -> String {
    let request: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    mcp_tests::floor::answer(&request).to_string()
}
