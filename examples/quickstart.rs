//! The seed's FastMCP `server.py`, in Rust: `add_numbers` and
//! `get_current_time`, the `greeting://hello` resource, a per-city weather
//! template and a `summarize` prompt, served over stdio.
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

/// Work through a number of steps, reporting progress and logging as it goes.
#[tool]
async fn long_task(
    /// How many steps to run (at most 100).
    steps: u32,
    ctx: Context,
) -> String {
    let steps = steps.min(100);
    ctx.info(format!("starting {steps} steps"));
    for done in 1..=steps {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        ctx.progress(f64::from(done), Some(f64::from(steps)), Some(&format!("step {done} of {steps}")));
    }
    ctx.info("finished");
    format!("completed {steps} steps")
}

/// Return a static greeting message.
#[resource("greeting://hello", mime = "text/plain")]
fn get_greeting() -> &'static str {
    "Hello from MCP Server!"
}

const CITIES: [&str; 5] = ["Beijing", "Berlin", "London", "Paris", "Shanghai"];

/// Current weather for a city (canned demo data).
#[resource("weather://{city}/current", mime = "application/json", complete(city = city_names))]
fn city_weather(city: String) -> Result<Json<serde_json::Value>, ResourceError> {
    if !CITIES.iter().any(|c| c.eq_ignore_ascii_case(&city)) {
        return Err(ResourceError::not_found(format!("weather://{city}/current")));
    }
    Ok(Json(serde_json::json!({ "city": city, "temperature_c": 20, "conditions": "clear" })))
}

/// The known cities that start with what was typed.
fn city_names(prefix: &str) -> Vec<&'static str> {
    CITIES.iter().copied().filter(|c| c.to_lowercase().starts_with(&prefix.to_lowercase())).collect()
}

/// Ask the model to summarize a text.
#[prompt]
fn summarize(
    /// The text to summarize.
    text: String,
) -> String {
    format!("Please summarize the following text:\n\n{text}")
}

fn main() -> std::process::ExitCode {
    Server::new("SimpleServer")
        .version(env!("CARGO_PKG_VERSION"))
        .tools(tools![add_numbers, get_current_time, long_task])
        .resources(resources![get_greeting, city_weather])
        .prompts(prompts![summarize])
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn items_stay_plain_functions() {
        assert_eq!(add_numbers(5, 3).await, 8);
        assert_eq!(get_current_time().len(), "2025-01-01 00:00:00".len());
        assert_eq!(get_greeting(), "Hello from MCP Server!");
        assert!(summarize("x".into()).ends_with("x"));
        assert_eq!(city_names("b"), ["Beijing", "Berlin"]);
    }
}
