//! The URL work OAuth needs, on the `url` crate: query strings, the well-known metadata locations, and whether a resource
//! identifier covers a server.

use url::Url;

use super::error::OAuthError;
use crate::fetch::form;

/// `url` with `pairs` appended to its query (appended as text when `url`
/// does not parse, so that nothing is lost; the request then fails where it
/// is sent).
pub(crate) fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let Ok(mut parsed) = Url::parse(url) else {
        let separator = if url.contains('?') { '&' } else { '?' };
        return format!("{url}{separator}{}", form(pairs));
    };
    parsed.query_pairs_mut().extend_pairs(pairs);
    parsed.into()
}

/// The decoded parameters of `url`'s query; `url` may also be relative or a
/// bare `?query`, as a hand-written `Authorize` may hand back.
pub(crate) fn query(url: &str) -> Vec<(String, String)> {
    let Ok(base) = Url::parse("http://localhost/") else { return Vec::new() };
    let Ok(parsed) = base.join(url) else { return Vec::new() };
    parsed.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// `scheme://host[:port]` of `url`.
pub(crate) fn origin(url: &str) -> Option<String> {
    origin_of(&Url::parse(url).ok()?)
}

/// `scheme://host[:port]` of a parsed URL (none for an opaque origin).
fn origin_of(url: &Url) -> Option<String> {
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// `location`, a redirect's target, resolved against `base`, the URL that
/// answered with it; an absolute `location` is kept as written.
pub(crate) fn resolve(base: &str, location: &str) -> Option<String> {
    if Url::parse(location).is_ok() {
        return Some(location.to_owned());
    }
    Some(Url::parse(base).ok()?.join(location).ok()?.into())
}

/// The origin of `url`, and its path without the trailing slash (empty
/// for the root).
fn origin_and_path(url: &str) -> Option<(String, String)> {
    let parsed = Url::parse(url).ok()?;
    Some((origin_of(&parsed)?, parsed.path().trim_end_matches('/').to_owned()))
}

/// Where a resource's protected-resource metadata may be (RFC 9728): under
/// the path of its URL first, then at the root.
pub(crate) fn resource_metadata_locations(server: &str) -> Vec<String> {
    let Some((origin, path)) = origin_and_path(server) else { return Vec::new() };
    let root = format!("{origin}/.well-known/oauth-protected-resource");
    if path.is_empty() {
        vec![root]
    } else {
        vec![format!("{root}{path}"), root]
    }
}

/// Where an issuer's metadata may be, in the order the MCP specification
/// gives: RFC 8414's location, then OpenID Connect's two.
pub(crate) fn server_metadata_locations(issuer: &str) -> Vec<String> {
    let Some((origin, path)) = origin_and_path(issuer) else { return Vec::new() };
    if path.is_empty() {
        vec![
            format!("{origin}/.well-known/oauth-authorization-server"),
            format!("{origin}/.well-known/openid-configuration"),
        ]
    } else {
        vec![
            format!("{origin}/.well-known/oauth-authorization-server{path}"),
            format!("{origin}/.well-known/openid-configuration{path}"),
            format!("{origin}{path}/.well-known/openid-configuration"),
        ]
    }
}

/// Whether the resource identifier `resource` covers the server at `server`:
/// the same origin (scheme, host and port, default ports included), and a
/// path that is `server`'s or one of its parents.
pub(crate) fn resource_covers(resource: &str, server: &str) -> bool {
    let (Ok(resource), Ok(server)) = (Url::parse(resource), Url::parse(server)) else { return false };
    let origin = resource.origin();
    if origin != server.origin() || !origin.is_tuple() {
        return false;
    }
    let parent = resource.path().trim_end_matches('/');
    let child = server.path();
    child == parent || child.strip_prefix(parent).is_some_and(|rest| rest.starts_with('/'))
}

/// Whether the client may send an OAuth request to `url` for the MCP server
/// at `server`: over HTTPS (HTTP only to a loopback host), and to an
/// address inside a network (loopback, private, link-local) only when
/// `server` is inside one too, so that a server cannot aim the client at
/// the services of the network the client runs in.
pub(crate) fn check_endpoint(url: &str, server: &str) -> Result<(), OAuthError> {
    let refuse = OAuthError::Endpoint;
    let parsed = Url::parse(url).map_err(|e| refuse(format!("`{url}` is not a URL: {e}")))?;
    let host = parsed.host().ok_or_else(|| refuse(format!("`{url}` names no host")))?;
    let secure = parsed.scheme() == "https" || (parsed.scheme() == "http" && is_loopback(&host));
    if !secure {
        return Err(refuse(format!("{url} is refused: OAuth requests go over https (http only to a loopback host)")));
    }
    let server_internal = Url::parse(server).ok().as_ref().and_then(Url::host).is_some_and(|h| is_internal(&h));
    if is_internal(&host) && !server_internal {
        let why = format!("{url} is refused: it is inside this client's network, and the server {server} is not");
        return Err(refuse(why));
    }
    Ok(())
}

/// Whether `url` is on the origin of `server`.
pub(crate) fn same_origin(url: &str, server: &str) -> bool {
    matches!((origin(url), origin(server)), (Some(a), Some(b)) if a == b)
}

fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(name) => *name == "localhost" || name.ends_with(".localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
    }
}

/// A loopback, private, link-local or unspecified address (names other than
/// `localhost` are taken as public: they are not resolved here).
fn is_internal(host: &url::Host<&str>) -> bool {
    let v4 = |ip: std::net::Ipv4Addr| {
        let [a, b, ..] = ip.octets();
        ip.is_loopback()
            || ip.is_private()
            || ip.is_link_local()
            || ip.is_unspecified()
            || (a == 100 && (64..128).contains(&b))
    };
    match host {
        url::Host::Domain(_) => is_loopback(host),
        url::Host::Ipv4(ip) => v4(*ip),
        url::Host::Ipv6(ip) => {
            let first = ip.segments()[0];
            ip.is_loopback()
                || ip.is_unspecified()
                || first & 0xfe00 == 0xfc00
                || first & 0xffc0 == 0xfe80
                || ip.to_ipv4_mapped().is_some_and(v4)
        }
    }
}

/// `url` without its fragment: the resource identifier RFC 8707 asks for.
/// The rest is kept as written (not normalised), so that it matches the
/// URL the server was configured with.
pub(crate) fn without_fragment(url: &str) -> String {
    url.split('#').next().unwrap_or(url).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oauth_endpoints_are_https_and_outside_the_clients_network() {
        let public = "https://mcp.example.com/mcp";
        assert!(check_endpoint("https://auth.example.com/register", public).is_ok());
        assert!(check_endpoint("http://auth.example.com/register", public).is_err(), "plain http");
        for internal in
            ["https://10.0.0.7/x", "https://169.254.169.254/x", "https://[fd00::1]/x", "http://127.0.0.1:9/x"]
        {
            assert!(check_endpoint(internal, public).is_err(), "{internal}");
        }
        let local = "http://127.0.0.1:8000/mcp";
        assert!(check_endpoint("http://127.0.0.1:9000/token", local).is_ok(), "a local setup");
        assert!(check_endpoint("http://localhost:9000/token", local).is_ok());
        assert!(check_endpoint("http://10.0.0.7/x", local).is_err(), "http only to loopback");
        assert!(same_origin("http://127.0.0.1:8000/.well-known/x", local));
        assert!(!same_origin("http://127.0.0.1:8001/.well-known/x", local));
    }

    #[test]
    fn form_encoding_round_trips() {
        let encoded = form(&[("redirect_uri", "http://127.0.0.1:3000/cb?x=1"), ("scope", "a b")]);
        assert_eq!(encoded, "redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fcb%3Fx%3D1&scope=a+b");
        let url = with_query("http://h/authorize?tenant=1", &[("scope", "a b+c")]);
        assert_eq!(query(&url), [("tenant".into(), "1".into()), ("scope".into(), "a b+c".into())]);
        assert_eq!(query("http://h/cb?code=a+b%2"), [("code".into(), "a b%2".into())]);
        assert_eq!(query("/cb?code=x&state=y"), [("code".into(), "x".into()), ("state".into(), "y".into())]);
        assert_eq!(query("?code=x"), [("code".into(), "x".into())]);
        assert!(with_query("not a url", &[("a", "b c")]).ends_with("?a=b+c"));
    }

    #[test]
    fn metadata_locations_follow_the_path() {
        assert_eq!(
            resource_metadata_locations("http://h:1/mcp?x"),
            ["http://h:1/.well-known/oauth-protected-resource/mcp", "http://h:1/.well-known/oauth-protected-resource"]
        );
        assert_eq!(resource_metadata_locations("http://h/"), ["http://h/.well-known/oauth-protected-resource"]);
        assert_eq!(
            server_metadata_locations("http://as/tenant1"),
            [
                "http://as/.well-known/oauth-authorization-server/tenant1",
                "http://as/.well-known/openid-configuration/tenant1",
                "http://as/tenant1/.well-known/openid-configuration"
            ]
        );
        assert_eq!(server_metadata_locations("http://as").len(), 2);
    }

    #[test]
    fn a_relative_redirect_resolves_against_the_page() {
        assert_eq!(resolve("http://as:9/authorize?x=1", "/consent").as_deref(), Some("http://as:9/consent"));
        assert_eq!(resolve("http://as:9/a/b", "c").as_deref(), Some("http://as:9/a/c"));
        assert_eq!(resolve("http://as:9/a", "http://CB:80/x").as_deref(), Some("http://CB:80/x"));
    }

    #[test]
    fn a_resource_covers_its_own_path_and_below() {
        assert!(resource_covers("http://h:1/mcp", "http://h:1/mcp"));
        assert!(resource_covers("http://H:1/", "http://h:1/mcp"));
        assert!(resource_covers("http://h:80/", "http://h/mcp"));
        assert!(!resource_covers("http://h:1/mc", "http://h:1/mcp"));
        assert!(!resource_covers("https://evil.example.com/mcp", "http://h:1/mcp"));
        assert!(!resource_covers("http://h:2/mcp", "http://h:1/mcp"));
    }
}
