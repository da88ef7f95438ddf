//! The seed's FastMCP `server.py`, in Rust: `add_numbers` and
//! `get_current_time`, served over stdio.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use mcp_runtime::prelude::*;

/// Add two numbers together.
#[tool]
async fn add_numbers(a: i64, b: i64) -> i64 {
    a + b
}

/// Return the current local time as `YYYY-MM-DD HH:MM:SS`.
#[tool(read_only)]
fn get_current_time() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

fn main() -> std::process::ExitCode {
    Server::new("SimpleServer").version(env!("CARGO_PKG_VERSION")).tools(tools![add_numbers, get_current_time]).run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn tools_stay_plain_functions() {
        assert_eq!(add_numbers(5, 3).await, 8);
        assert_eq!(get_current_time().len(), "2025-01-01 00:00:00".len());
    }
}
