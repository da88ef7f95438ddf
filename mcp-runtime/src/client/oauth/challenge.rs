//! The `WWW-Authenticate: Bearer ...` (or `DPoP ...`) challenge of a 401
//! or 403 answer (RFC 6750 §3, RFC 9728 §5.1, RFC 9449 §7.1).

/// What a resource server's challenge says.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Challenge {
    /// The HTTP status: 401 (no or bad token) or 403 (not enough scope).
    pub(crate) status: u16,
    /// `resource_metadata`: where the protected-resource metadata is.
    pub(crate) resource_metadata: Option<String>,
    /// `scope`: the scopes the request needs.
    pub(crate) scope: Option<String>,
    /// `error`, such as `insufficient_scope`.
    pub(crate) error: Option<String>,
}

impl Challenge {
    /// Reads the `Bearer` and `DPoP` challenges of a `WWW-Authenticate`
    /// header.
    pub(crate) fn parse(status: u16, header: Option<&str>) -> Challenge {
        let mut challenge = Challenge { status, ..Challenge::default() };
        let Some(header) = header else { return challenge };
        let mut in_bearer = false;
        for item in items(header) {
            match item {
                Item::Scheme(scheme) => {
                    in_bearer = scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("dpop");
                }
                Item::Param(name, value) if in_bearer => match name.to_ascii_lowercase().as_str() {
                    "resource_metadata" => challenge.resource_metadata = Some(value),
                    "scope" => challenge.scope = Some(value),
                    "error" => challenge.error = Some(value),
                    _ => {}
                },
                Item::Param(..) => {}
            }
        }
        challenge
    }

    /// Whether this is a 403 asking for more scope (step-up authorization).
    pub(crate) fn wants_more_scope(&self) -> bool {
        self.status == 403 && self.error.as_deref() == Some("insufficient_scope")
    }

    /// Whether the server wants DPoP proofs with its fresh nonce (RFC 9449 §9).
    pub(crate) fn wants_dpop_nonce(&self) -> bool {
        self.status == 401 && self.error.as_deref() == Some("use_dpop_nonce")
    }

    /// The scopes the challenge names.
    pub(crate) fn scopes(&self) -> Vec<String> {
        self.scope.as_deref().map(split_scopes).unwrap_or_default()
    }
}

/// The scopes of a space-separated `scope` value.
pub(crate) fn split_scopes(scope: &str) -> Vec<String> {
    scope.split_ascii_whitespace().map(str::to_owned).collect()
}

enum Item {
    Scheme(String),
    Param(String, String),
}

/// Splits a header into auth schemes and their `name=value` parameters
/// (values may be quoted, with `\` escapes).
fn items(header: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut chars = header.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == ',').is_some() {}
        let token: String =
            std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != ',' && *c != '=')).collect();
        if token.is_empty() {
            break;
        }
        while chars.next_if(|c| *c == ' ').is_some() {}
        if chars.next_if_eq(&'=').is_none() {
            items.push(Item::Scheme(token));
            continue;
        }
        while chars.next_if(|c| *c == ' ').is_some() {}
        let value = if chars.next_if_eq(&'"').is_some() {
            let mut value = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    other => value.push(other),
                }
            }
            value
        } else {
            std::iter::from_fn(|| chars.next_if(|c| *c != ',' && !c.is_whitespace())).collect()
        };
        items.push(Item::Param(token, value));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_bearer_parameters() {
        let header = r#"Bearer error="insufficient_scope", scope="mcp:basic mcp:write", resource_metadata="http://h/.well-known/oauth-protected-resource/mcp", error_description="a \"quoted\", comma""#;
        let challenge = Challenge::parse(403, Some(header));
        assert!(challenge.wants_more_scope());
        assert_eq!(challenge.scopes(), ["mcp:basic", "mcp:write"]);
        assert_eq!(challenge.resource_metadata.as_deref(), Some("http://h/.well-known/oauth-protected-resource/mcp"));
    }

    #[test]
    fn ignores_other_schemes_and_tolerates_tokens() {
        let challenge =
            Challenge::parse(401, Some("Basic realm=x, Bearer scope=read,Other algs=\"ES256\" scope=\"other\""));
        assert_eq!(challenge.scope.as_deref(), Some("read"));
        assert_eq!(Challenge::parse(401, None), Challenge { status: 401, ..Challenge::default() });
        assert!(!Challenge::parse(401, Some("Bearer")).wants_more_scope());
        let dpop = Challenge::parse(401, Some(r#"DPoP error="use_dpop_nonce", resource_metadata="http://h/prm""#));
        assert!(dpop.wants_dpop_nonce() && dpop.resource_metadata.is_some());
    }
}
