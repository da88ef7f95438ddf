//! The `bulletin` test server: one resource, a tool that updates it, and a
//! slow tool whose progress names the process that runs it.

use mcp_runtime::prelude::*;

/// Post a bulletin: subscribers of `bulletin://latest` hear of it.
#[tool]
fn post(handle: ServerHandle, text: String) -> String {
    handle.resource_updated("bulletin://latest");
    format!("posted: {text}")
}

/// Run `steps` steps, `pause_ms` apart, with a progress notification
/// (naming this process) before each pause.
#[tool]
async fn slow_steps(steps: u32, pause_ms: u64, ctx: Context) -> String {
    let steps = steps.min(50);
    for done in 1..=steps {
        let message = format!("step {done} on pid {}", std::process::id());
        ctx.progress(f64::from(done), Some(f64::from(steps)), Some(&message));
        tokio::time::sleep(std::time::Duration::from_millis(pause_ms.min(5_000))).await;
    }
    format!("done {steps} steps")
}

/// The latest bulletin (this instance's view).
#[resource("bulletin://latest")]
fn latest() -> &'static str {
    "see the notifications"
}

/// The server.
pub fn server() -> Server {
    Server::new("bulletin").tools(tools![post, slow_steps]).resources(resources![latest])
}
