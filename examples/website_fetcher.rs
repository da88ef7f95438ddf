//! The seed's `mcp_test_server.py` ("mcp-website-fetcher"): `fetch`,
//! `weather` and `calculate`.
//!
//! ```text
//! cargo run --example website_fetcher -- --transport stdio
//! ```

use mcp_runtime::prelude::*;

const USER_AGENT: &str = "mcp-website-fetcher (mcp-runtime example)";

/// Fetch a web page and return its body as text. Redirects are followed; an
/// invalid URL or an HTTP error status is reported as a tool error.
#[tool(read_only, open_world, blocking)]
fn fetch(
    /// The URL to fetch, e.g. "https://example.com".
    url: String,
) -> Result<String, ToolError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(10)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .user_agent(USER_AGENT)
        .build()
        .into();
    let mut response = agent.get(&url).call().map_err(|e| ToolError::new(format!("fetching {url} failed: {e}")))?;
    response.body_mut().read_to_string().map_err(|e| ToolError::new(format!("reading {url} failed: {e}")))
}

/// Get the weather for a city. This is a demo: it returns canned data for
/// Beijing (20°C, clear, 50% humidity) whatever the city, as the original
/// example did.
#[tool(read_only)]
fn weather(
    /// City name, e.g. "Beijing,CN".
    city: String,
) -> String {
    let _ = city;
    ["城市: 北京", "温度: 20°C", "天气: 晴", "湿度: 50%"].join("\n")
}

/// Calculate the sum of two numbers.
#[tool(read_only, idempotent)]
fn calculate(
    /// The first number.
    num1: f64,
    /// The second number.
    num2: f64,
) -> String {
    format!("结果: {}", num1 + num2)
}

fn main() -> std::process::ExitCode {
    Server::new("mcp-website-fetcher").version(env!("CARGO_PKG_VERSION")).tools(tools![fetch, weather, calculate]).run()
}
