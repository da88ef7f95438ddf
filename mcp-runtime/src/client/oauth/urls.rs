//! The URL work OAuth needs: form encoding, query strings, the well-known
//! metadata locations, and whether a resource identifier covers a server.

use hyper::Uri;

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes a form or query component (`+` is a space).
pub(crate) fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = || std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
        match bytes[i] {
            b'%' if hex().is_some() => {
                out.extend(hex());
                i += 3;
                continue;
            }
            b'+' => out.push(b' '),
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a=1&b=2`, each part encoded.
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// `url` with `pairs` appended to its query.
pub(crate) fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{}", form(pairs))
}

/// The decoded parameters of `url`'s query.
pub(crate) fn query(url: &str) -> Vec<(String, String)> {
    let Some((_, query)) = url.split_once('?') else { return Vec::new() };
    let query = query.split('#').next().unwrap_or_default();
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// `scheme://authority` of `url`.
pub(crate) fn origin(url: &str) -> Option<String> {
    let uri: Uri = url.parse().ok()?;
    Some(format!("{}://{}", uri.scheme_str()?, uri.authority()?))
}

/// The path of `url` without its trailing slash (empty for the root).
fn path(url: &str) -> Option<String> {
    let uri: Uri = url.parse().ok()?;
    Some(uri.path().trim_end_matches('/').to_owned())
}

/// Where a resource's protected-resource metadata may be (RFC 9728): under
/// the path of its URL first, then at the root.
pub(crate) fn resource_metadata_locations(server: &str) -> Vec<String> {
    let (Some(origin), Some(path)) = (origin(server), path(server)) else { return Vec::new() };
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
    let (Some(origin), Some(path)) = (origin(issuer), path(issuer)) else { return Vec::new() };
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
/// the same scheme, host and port, and a path that is `server`'s or one of
/// its parents.
pub(crate) fn resource_covers(resource: &str, server: &str) -> bool {
    let (Ok(resource), Ok(server)) = (resource.parse::<Uri>(), server.parse::<Uri>()) else { return false };
    let scheme = |u: &Uri| u.scheme_str().map(str::to_ascii_lowercase);
    let host = |u: &Uri| u.host().map(str::to_ascii_lowercase);
    let port = |u: &Uri| u.port_u16().or(if scheme(u).as_deref() == Some("https") { Some(443) } else { Some(80) });
    if scheme(&resource) != scheme(&server) || host(&resource) != host(&server) || port(&resource) != port(&server) {
        return false;
    }
    let parent = resource.path().trim_end_matches('/');
    let child = server.path();
    child == parent || child.strip_prefix(parent).is_some_and(|rest| rest.starts_with('/'))
}

/// `url` without its fragment: the canonical form of a resource identifier.
pub(crate) fn without_fragment(url: &str) -> String {
    url.split('#').next().unwrap_or(url).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_round_trips() {
        let encoded = form(&[("redirect_uri", "http://127.0.0.1:3000/cb?x=1"), ("scope", "a b")]);
        assert_eq!(encoded, "redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fcb%3Fx%3D1&scope=a%20b");
        let url = with_query("http://h/authorize?tenant=1", &[("scope", "a b+c")]);
        assert_eq!(query(&url), [("tenant".into(), "1".into()), ("scope".into(), "a b+c".into())]);
        assert_eq!(decode("a+b%2"), "a b%2");
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
    fn a_resource_covers_its_own_path_and_below() {
        assert!(resource_covers("http://h:1/mcp", "http://h:1/mcp"));
        assert!(resource_covers("http://H:1/", "http://h:1/mcp"));
        assert!(resource_covers("http://h:80/", "http://h/mcp"));
        assert!(!resource_covers("http://h:1/mc", "http://h:1/mcp"));
        assert!(!resource_covers("https://evil.example.com/mcp", "http://h:1/mcp"));
        assert!(!resource_covers("http://h:2/mcp", "http://h:1/mcp"));
    }
}
