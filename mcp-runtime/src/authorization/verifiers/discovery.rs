//! An issuer's metadata: RFC 8414 authorization-server metadata, else
//! OpenID Connect discovery, and the issuer it names must be the one asked.

use serde_json::Value;

use crate::authorization::TokenError;
use crate::fetch;

/// The metadata document of `issuer`.
pub(super) async fn metadata(issuer: &str) -> Result<Value, TokenError> {
    let mut tried = Vec::new();
    for url in metadata_urls(issuer) {
        match fetch::get(&url).await {
            Ok(reply) if reply.is_success() => {
                let Some(document) = reply.json() else {
                    tried.push(format!("{url}: not a JSON object"));
                    continue;
                };
                let named = document["issuer"].as_str().unwrap_or_default();
                if named.trim_end_matches('/') != issuer.trim_end_matches('/') {
                    return Err(TokenError::Unavailable(format!(
                        "{url} names the issuer `{named}`, not `{issuer}` (RFC 8414 §3.3)"
                    )));
                }
                return Ok(document);
            }
            Ok(reply) => tried.push(format!("{url}: {}", reply.describe())),
            Err(e) => tried.push(e.to_string()),
        }
    }
    Err(TokenError::Unavailable(format!("no metadata for the issuer `{issuer}`: {}", tried.join("; "))))
}

/// Where the metadata of `issuer` may be: RFC 8414's path-inserted URL,
/// then OpenID Connect's appended one.
fn metadata_urls(issuer: &str) -> Vec<String> {
    let issuer = issuer.trim_end_matches('/');
    let after_scheme = issuer.find("://").map_or(0, |i| i + 3);
    let (origin, path) = match issuer[after_scheme..].find('/') {
        Some(i) => issuer.split_at(after_scheme + i),
        None => (issuer, ""),
    };
    vec![
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
        format!("{issuer}/.well-known/openid-configuration"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_urls_follow_both_specifications() {
        assert_eq!(
            metadata_urls("https://auth.example.com/tenant/"),
            [
                "https://auth.example.com/.well-known/oauth-authorization-server/tenant",
                "https://auth.example.com/tenant/.well-known/openid-configuration"
            ]
        );
        assert_eq!(metadata_urls("http://127.0.0.1:9")[0], "http://127.0.0.1:9/.well-known/oauth-authorization-server");
    }
}
