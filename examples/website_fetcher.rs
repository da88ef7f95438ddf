//! The seed's `mcp_test_server.py` ("mcp-website-fetcher"): `fetch`,
//! `weather` and `calculate`.
//!
//! ```text
//! cargo run --example website_fetcher -- --transport stdio
//! ```

use mcp_runtime::prelude::*;

const USER_AGENT: &str = "mcp-website-fetcher (mcp-runtime example)";

/// Set to `1` to let `fetch` reach loopback, private and link-local
/// addresses (a test site on 127.0.0.1, say).
const ALLOW_PRIVATE: &str = "WEBSITE_FETCHER_ALLOW_PRIVATE";

/// The most redirects `fetch` follows.
const MAX_REDIRECTS: usize = 10;

/// Fetch a web page and return its body as text. Redirects are followed; an
/// invalid URL, an HTTP error status, or an address inside the server's
/// own network is reported as a tool error.
///
/// A model decides what this tool fetches, so it is the server's network
/// the model reaches: every address the URL's host resolves to, on the
/// first request and on every redirect, must be a public one. This is the
/// pattern for your own fetch tools.
#[tool(read_only, open_world, blocking)]
fn fetch(
    /// The URL to fetch, e.g. "https://example.com".
    url: String,
) -> Result<String, ToolError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .user_agent(USER_AGENT)
        .build()
        .into();
    let allow_private = std::env::var(ALLOW_PRIVATE).is_ok_and(|v| v == "1");
    let mut target: ureq::http::Uri = url.parse().map_err(|e| ToolError::new(format!("`{url}` is not a URL: {e}")))?;
    for _ in 0..=MAX_REDIRECTS {
        if !allow_private {
            check_public(&target)?;
        }
        let mut response =
            agent.get(&target).call().map_err(|e| ToolError::new(format!("fetching {target} failed: {e}")))?;
        let status = response.status();
        if status.is_redirection() {
            target = redirected(&target, response.headers().get("location"))?;
            continue;
        }
        if !status.is_success() {
            return Err(ToolError::new(format!("fetching {target} failed: HTTP {status}")));
        }
        return response
            .body_mut()
            .read_to_string()
            .map_err(|e| ToolError::new(format!("reading {target} failed: {e}")));
    }
    Err(ToolError::new(format!("{url} redirects more than {MAX_REDIRECTS} times")))
}

/// Refuses a URL whose host is, or resolves to, an address that is not
/// public. Checked again on every redirect; the lookup and ureq's own may
/// differ for a name whose owner changes its answer in between, so a
/// firewall rule is the stronger guard where one is possible.
fn check_public(uri: &ureq::http::Uri) -> Result<(), ToolError> {
    let host = uri.host().ok_or_else(|| ToolError::new(format!("{uri} names no host")))?;
    let port = uri.port_u16().unwrap_or(if uri.scheme_str() == Some("https") { 443 } else { 80 });
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addresses = std::net::ToSocketAddrs::to_socket_addrs(&(host, port))
        .map_err(|e| ToolError::new(format!("{host} does not resolve: {e}")))?;
    for address in addresses {
        if !is_public(address.ip()) {
            return Err(ToolError::new(format!(
                "{uri} is refused: {host} is at {}, inside this server's network (loopback, private or \
                 link-local)",
                address.ip()
            )));
        }
    }
    Ok(())
}

/// Whether `ip` is an address of the public internet.
fn is_public(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            let shared = a == 100 && (64..128).contains(&b); // 100.64.0.0/10
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || shared
                || a == 0)
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                let unique_local = first & 0xfe00 == 0xfc00;
                let link_local = first & 0xffc0 == 0xfe80;
                !(v6.is_loopback() || v6.is_unspecified() || v6.is_multicast() || unique_local || link_local)
            }
        },
    }
}

/// Where a redirect points, against the URL that answered it.
fn redirected(
    from: &ureq::http::Uri,
    location: Option<&ureq::http::HeaderValue>,
) -> Result<ureq::http::Uri, ToolError> {
    let location =
        location.and_then(|l| l.to_str().ok()).ok_or_else(|| ToolError::new("a redirect without a Location"))?;
    if location.contains("://") {
        return location.parse().map_err(|e| ToolError::new(format!("bad redirect `{location}`: {e}")));
    }
    let scheme = from.scheme_str().unwrap_or("http");
    let authority = from.authority().map(ureq::http::uri::Authority::as_str).unwrap_or_default();
    let path = if location.starts_with('/') {
        location.to_owned()
    } else {
        let dir = from.path().rsplit_once('/').map_or("", |(dir, _)| dir);
        format!("{dir}/{location}")
    };
    format!("{scheme}://{authority}{path}")
        .parse()
        .map_err(|e| ToolError::new(format!("bad redirect `{location}`: {e}")))
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
