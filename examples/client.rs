//! The seed's `client.py`: start the quickstart server over stdio, list its
//! tools, call `add_numbers(5, 3)`, and read `greeting://hello`.
//!
//! ```text
//! cargo run --example client                    # starts the quickstart example next to this binary
//! cargo run --example client -- python server.py  # or any other stdio server
//! ```

use mcp_runtime::client::{Client, ClientOptions};
use mcp_runtime::protocol::ResourceContents;
use serde_json::json;

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), mcp_runtime::client::Error> {
    let (command, args) = server_command();
    let client = Client::stdio(&command, &args, ClientOptions::named("quickstart")).await?;
    let tools = client.list_tools().await?;
    println!("Available tools: {:?}", tools.iter().map(|t| t.name.as_str()).collect::<Vec<_>>());
    let sum: i64 = client.call_tool_as("add_numbers", json!({"a": 5, "b": 3})).await?;
    println!("add_numbers(5, 3) = {sum}");
    for contents in client.read_resource("greeting://hello").await? {
        if let ResourceContents::Text { text, .. } = contents {
            println!("greeting://hello: {text}");
        }
    }
    client.close().await;
    Ok(())
}

/// The server to start: the arguments, or the quickstart example built next to us.
fn server_command() -> (String, Vec<String>) {
    let mut args = std::env::args().skip(1);
    if let Some(command) = args.next() {
        return (command, args.collect());
    }
    let sibling = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join("quickstart")));
    match sibling.filter(|path| path.exists()) {
        Some(path) => (path.display().to_string(), Vec::new()),
        None => ("cargo".into(), ["run", "--quiet", "--example", "quickstart"].map(String::from).to_vec()),
    }
}
