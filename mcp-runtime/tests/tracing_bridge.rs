//! `tracing` events inside a tool reach the client as log messages.
//! (Its own test binary: it installs a global subscriber.)
#![cfg(feature = "tracing-subscriber")]

mod common;

use common::connect;
use mcp_runtime::prelude::*;
use serde_json::json;
use tracing_subscriber::layer::SubscriberExt;

/// Traces as it works.
#[tool]
async fn traced() -> String {
    tracing::debug!("too fine to send at the default level");
    tracing::warn!(user = "ada", "careful");
    "done".into()
}

#[tokio::test]
async fn tool_events_become_client_log_messages() {
    let subscriber = tracing_subscriber::registry().with(mcp_runtime::handler::ClientLogLayer);
    tracing::subscriber::set_global_default(subscriber).expect("first subscriber");
    let mut client = connect(Server::new("traced").tools(tools![traced])).await;
    client.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "traced"}})).await;
    let log = client.recv().await.expect("log message");
    assert_eq!(
        log,
        json!({"jsonrpc": "2.0", "method": "notifications/message",
        "params": {"level": "warning", "data": "careful user=\"ada\""}})
    );
    assert_eq!(client.recv().await.expect("result")["result"]["content"][0]["text"], "done");
}
