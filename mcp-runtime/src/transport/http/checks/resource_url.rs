//! The URLs a server is known by as an OAuth protected resource: the
//! audiences its tokens must carry, and the `resource` of its metadata.

use std::net::SocketAddr;

use crate::transport::http::options::HttpOptions;

/// The resource URLs of one server, as configured and in canonical form.
#[derive(Debug, Clone)]
pub(crate) struct ResourceUrls {
    urls: Vec<String>,
    canonical: Vec<String>,
}

impl ResourceUrls {
    /// The URLs `--auth-audience` named.
    pub(in crate::transport::http) fn configured(urls: &[String]) -> Self {
        ResourceUrls { urls: urls.to_vec(), canonical: urls.iter().map(|u| canonical(u)).collect() }
    }

    /// The server's own URLs: the endpoint under its loopback names (on a
    /// loopback bind), its bound address (on another specific address), and
    /// the names `--allowed-host` lists. A wildcard bind that names no
    /// host cannot know the URL clients use.
    pub(in crate::transport::http) fn own(local: SocketAddr, options: &HttpOptions) -> Result<Self, String> {
        let scheme = if options.tls.is_some() { "https" } else { "http" };
        let port = local.port();
        let mut hosts: Vec<String> = options
            .allowed_hosts
            .iter()
            .filter(|h| *h != "*")
            .map(|h| if h.contains(':') && !h.ends_with(']') { h.clone() } else { format!("{h}:{port}") })
            .collect();
        let ip = local.ip();
        if ip.is_unspecified() && hosts.is_empty() {
            return Err("on a wildcard bind, the server cannot tell which URL clients use: give it with \
                        --auth-audience (MCP_AUTH_AUDIENCE) or Authorization::audience, or name the host with \
                        --allowed-host"
                .to_owned());
        }
        // A token for `localhost` is for a developer's own server, never
        // for a public one: loopback names count on a loopback bind only.
        if ip.is_loopback() {
            hosts.extend(["localhost", "127.0.0.1", "[::1]"].map(|h| format!("{h}:{port}")));
        } else if !ip.is_unspecified() {
            hosts.push(SocketAddr::new(ip, port).to_string());
        }
        let urls: Vec<String> = hosts.iter().map(|h| format!("{scheme}://{h}{}", options.path)).collect();
        Ok(Self::configured(&urls))
    }

    /// Whether `canonical` (a URL in canonical form) is one of these.
    pub(in crate::transport::http) fn contains(&self, canonical: &str) -> bool {
        self.canonical.iter().any(|c| c == canonical)
    }

    /// The URL whose authority is the request's `Host`, else the first.
    pub(in crate::transport::http) fn for_host(&self, host: &str) -> &str {
        let host = host.to_ascii_lowercase();
        let matching = self.urls.iter().zip(&self.canonical).find(|(_, c)| authority(c) == host);
        matching.map_or_else(|| self.urls.first().map_or("", String::as_str), |(url, _)| url.as_str())
    }

    /// The distinct paths of these URLs, without a trailing slash (empty
    /// for a URL without one).
    pub(in crate::transport::http) fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .canonical
            .iter()
            .map(|url| {
                let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                rest.find('/').map_or("", |i| &rest[i..]).split('?').next().unwrap_or("").to_owned()
            })
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    pub(in crate::transport::http) fn describe(&self) -> String {
        self.urls.join(" or ")
    }
}

/// A URL in the form RFC 8707 audiences are compared in: lower-case scheme
/// and host, no default port, no trailing slash, no fragment.
pub(crate) fn canonical(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let scheme = scheme.to_ascii_lowercase();
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let mut authority = authority.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" | "wss" => ":443",
        "http" | "ws" => ":80",
        _ => "",
    };
    if !default_port.is_empty() && authority.ends_with(default_port) {
        authority.truncate(authority.len() - default_port.len());
    }
    format!("{scheme}://{authority}{}", path.trim_end_matches('/'))
}

/// The authority of a canonical URL.
fn authority(canonical: &str) -> &str {
    let rest = canonical.split_once("://").map_or(canonical, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
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
    fn a_loopback_server_is_known_by_its_loopback_names() {
        let own = ResourceUrls::own("127.0.0.1:8000".parse().expect("addr"), &HttpOptions::default()).expect("urls");
        assert!(own.contains(&canonical("http://localhost:8000/mcp")));
        assert!(own.contains(&canonical("http://127.0.0.1:8000/mcp")));
        assert!(!own.contains(&canonical("http://127.0.0.1:9000/mcp")), "another port is another resource");
        assert_eq!(own.for_host("127.0.0.1:8000"), "http://127.0.0.1:8000/mcp");
    }

    #[test]
    fn a_wildcard_bind_needs_a_name() {
        let wildcard = "0.0.0.0:8000".parse().expect("addr");
        assert!(ResourceUrls::own(wildcard, &HttpOptions::default()).is_err());
        let named = HttpOptions::default().allowed_host("mcp.example.com");
        let own = ResourceUrls::own(wildcard, &named).expect("urls");
        assert!(own.contains(&canonical("http://mcp.example.com:8000/mcp")));
    }
}
