use std::time::Duration;

use mcp_runtime::prelude::*;

fn main() {
    // A duration, where `TimeoutLayer::new(duration)` was meant.
    let _ = Server::new("layered").layer(Duration::from_secs(5));
}
