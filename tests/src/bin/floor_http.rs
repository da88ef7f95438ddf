//! The HTTP benchmark floor: one axum route that parses the body into a
//! `serde_json::Value`, answers `initialize` and `tools/call` for
//! `add_numbers` as plain JSON, and does nothing else (no sessions, no
//! header checks). `--port 0` picks a free port; the address is printed.

use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::post;
use serde_json::Value;

fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args().skip_while(|a| a != "--port").nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        eprintln!("floor serving at http://{}", listener.local_addr()?);
        let app = axum::Router::new().route("/mcp", post(answer));
        axum::serve(listener, app).await
    })
}

async fn answer(body: Bytes) -> impl IntoResponse {
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let reply = mcp_tests::floor::answer(&request);
    (
        [(header::CONTENT_TYPE, "application/json"), (header::HeaderName::from_static("mcp-session-id"), "floor")],
        reply.to_string(),
    )
}
