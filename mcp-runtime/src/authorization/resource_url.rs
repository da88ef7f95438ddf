//! The URLs a server is known by as an OAuth protected resource: the
//! audiences its tokens must carry, and the `resource` of its metadata.
//! URLs are taken apart here, by the `url` crate, and nowhere else.

use std::net::SocketAddr;

use url::{Position, Url};

/// The resource URLs of one server, as configured and in canonical form.
#[derive(Debug, Clone)]
pub(crate) struct ResourceUrls {
    urls: Vec<String>,
    canonical: Vec<String>,
}

/// A wildcard bind that names no host: the server cannot know its own URL.
#[derive(Debug)]
pub(crate) struct WildcardBind;

impl std::fmt::Display for WildcardBind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "on a wildcard bind, the server cannot tell which URL clients use: give it with --auth-audience \
             (MCP_AUTH_AUDIENCE) or Authorization::audience, or name the host with --allowed-host",
        )
    }
}

impl ResourceUrls {
    /// The URLs `--auth-audience` named.
    pub(crate) fn configured(urls: &[String]) -> Self {
        ResourceUrls { urls: urls.to_vec(), canonical: urls.iter().map(|u| canonical(u)).collect() }
    }

    /// The server's own URLs, for the endpoint at `path` of a server bound
    /// to `local`: under its loopback names (on a loopback bind), its bound
    /// address (on another specific address), and the `allowed_hosts`. A
    /// wildcard bind that names no host cannot know the URL clients use.
    pub(crate) fn own(
        local: SocketAddr,
        tls: bool,
        allowed_hosts: &[String],
        path: &str,
    ) -> Result<Self, WildcardBind> {
        let scheme = if tls { "https" } else { "http" };
        let port = local.port();
        let mut hosts: Vec<String> = allowed_hosts
            .iter()
            .filter(|h| *h != "*")
            .map(|h| if h.contains(':') && !h.ends_with(']') { h.clone() } else { format!("{h}:{port}") })
            .collect();
        let ip = local.ip();
        if ip.is_unspecified() && hosts.is_empty() {
            return Err(WildcardBind);
        }
        // A token for `localhost` is for a developer's own server, never
        // for a public one: loopback names count on a loopback bind only.
        if ip.is_loopback() {
            hosts.extend(["localhost", "127.0.0.1", "[::1]"].map(|h| format!("{h}:{port}")));
        } else if !ip.is_unspecified() {
            hosts.push(SocketAddr::new(ip, port).to_string());
        }
        let urls: Vec<String> = hosts.iter().map(|h| format!("{scheme}://{h}{path}")).collect();
        Ok(Self::configured(&urls))
    }

    /// Whether `canonical` (a URL in canonical form) is one of these.
    pub(crate) fn contains(&self, canonical: &str) -> bool {
        self.canonical.iter().any(|c| c == canonical)
    }

    /// The URL whose authority is the request's `Host`, else the first.
    pub(crate) fn for_host(&self, host: &str) -> &str {
        let host = host.to_ascii_lowercase();
        let matching = self.urls.iter().zip(&self.canonical).find(|(_, c)| authority(c) == host);
        matching.map_or_else(|| self.urls.first().map_or("", String::as_str), |(url, _)| url.as_str())
    }

    /// The distinct paths of these URLs, without a trailing slash (empty
    /// for a URL without one).
    pub(crate) fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .canonical
            .iter()
            .map(|url| Url::parse(url).map_or(String::new(), |u| u.path().trim_end_matches('/').to_owned()))
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    pub(crate) fn describe(&self) -> String {
        self.urls.join(" or ")
    }
}

/// A URL in the form RFC 8707 audiences are compared in: lower-case scheme
/// and host, no default port, no trailing slash, no fragment. Text that is
/// not a URL is compared as it is, without its fragment.
pub(crate) fn canonical(url: &str) -> String {
    let url = url.trim();
    let Ok(mut parsed) = Url::parse(url) else { return url.split('#').next().unwrap_or(url).to_owned() };
    parsed.set_fragment(None);
    String::from(parsed).trim_end_matches('/').to_owned()
}

/// `url` split where its path starts: `("https://host:port", "/path?query")`.
/// Text that is not a URL is all origin.
pub(crate) fn split_at_path(url: &str) -> (String, String) {
    match Url::parse(url) {
        Ok(parsed) => (parsed[..Position::BeforePath].to_owned(), parsed[Position::BeforePath..].to_owned()),
        Err(_) => (url.to_owned(), String::new()),
    }
}

/// The authority (`host:port`) of a canonical URL.
fn authority(canonical: &str) -> String {
    Url::parse(canonical).map_or(String::new(), |u| u[Position::BeforeHost..Position::AfterPort].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_compare_in_canonical_form() {
        assert_eq!(canonical("HTTPS://MCP.Example.com:443/mcp/"), "https://mcp.example.com/mcp");
        assert_eq!(canonical("http://127.0.0.1:8000/mcp#x"), "http://127.0.0.1:8000/mcp");
        assert_eq!(canonical("https://mcp.example.com"), "https://mcp.example.com");
        assert_ne!(canonical("https://mcp.example.com/mcp"), canonical("https://mcp.example.com/other"));
    }

    #[test]
    fn a_url_splits_where_its_path_starts() {
        let split = |url| split_at_path(url);
        assert_eq!(split("https://mcp.example.com/a/mcp"), ("https://mcp.example.com".into(), "/a/mcp".into()));
        assert_eq!(split("http://127.0.0.1:8000/mcp?x=1"), ("http://127.0.0.1:8000".into(), "/mcp?x=1".into()));
        assert_eq!(authority("http://[::1]:8000/mcp"), "[::1]:8000");
    }

    #[test]
    fn a_loopback_server_is_known_by_its_loopback_names() {
        let own = ResourceUrls::own("127.0.0.1:8000".parse().expect("addr"), false, &[], "/mcp").expect("urls");
        assert!(own.contains(&canonical("http://localhost:8000/mcp")));
        assert!(own.contains(&canonical("http://127.0.0.1:8000/mcp")));
        assert!(!own.contains(&canonical("http://127.0.0.1:9000/mcp")), "another port is another resource");
        assert_eq!(own.for_host("127.0.0.1:8000"), "http://127.0.0.1:8000/mcp");
    }

    #[test]
    fn a_wildcard_bind_needs_a_name() {
        let wildcard = "0.0.0.0:8000".parse().expect("addr");
        assert!(ResourceUrls::own(wildcard, false, &[], "/mcp").is_err());
        let named = ["mcp.example.com".to_owned()];
        let own = ResourceUrls::own(wildcard, false, &named, "/mcp").expect("urls");
        assert!(own.contains(&canonical("http://mcp.example.com:8000/mcp")));
    }
}
