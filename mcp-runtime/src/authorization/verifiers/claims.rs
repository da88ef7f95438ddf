//! From a token's claims (a JWT's, or an introspection answer's) to the
//! [`Identity`] handlers see.

use serde_json::{Map, Value};

use crate::handler::Identity;

/// Who a token speaks for when its claims name no `sub`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Subject {
    /// `sub` is required (RFC 9068 JWT access tokens).
    Required,
    /// Without `sub` (and without `username`, which marks a user's token),
    /// the client itself (`client_id`): an RFC 7662 answer may leave `sub`
    /// out, as for a client-credentials token, where the client acts on its
    /// own behalf. Opted into with [`super::Introspection::client_as_subject`].
    OrClient,
}

/// The identity the claims describe; `None` without a subject.
pub(super) fn identity(claims: Map<String, Value>, subject: Subject) -> Option<Identity> {
    let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_owned);
    let client = text("client_id").or_else(|| text("azp"));
    let for_itself = subject == Subject::OrClient && !claims.contains_key("username");
    let subject = text("sub").or_else(|| client.clone().filter(|_| for_itself))?;
    let mut identity = Identity::new(subject).with_scopes(scopes(&claims)).with_audience(audience(&claims));
    if let Some(client) = client {
        identity = identity.with_client_id(client);
    }
    if let Some(issuer) = text("iss") {
        identity = identity.with_issuer(issuer);
    }
    if let Some(exp) = claims.get("exp").and_then(Value::as_u64) {
        identity = identity.with_expiry(exp);
    }
    Some(identity.with_claims(claims))
}

/// `scope` (space-separated, RFC 8693 and 7662) or `scp` (a list).
fn scopes(claims: &Map<String, Value>) -> Vec<String> {
    if let Some(scope) = claims.get("scope").and_then(Value::as_str) {
        return scope.split_whitespace().map(str::to_owned).collect();
    }
    match claims.get("scp") {
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(one)) => one.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

/// `aud`: one string or a list; none is an empty list (and refused).
fn audience(claims: &Map<String, Value>) -> Vec<String> {
    match claims.get("aud") {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn claims_become_an_identity() {
        let claims =
            json!({"sub": "ada", "azp": "cli", "scope": "a b", "aud": "https://x/mcp", "iss": "https://i", "exp": 9});
        let Value::Object(claims) = claims else { unreachable!() };
        let identity = identity(claims, Subject::Required).expect("a subject");
        assert_eq!(identity.subject(), "ada");
        assert_eq!(identity.client_id(), Some("cli"));
        assert_eq!(identity.scopes(), ["a", "b"]);
        assert_eq!(identity.audience(), Some(&["https://x/mcp".to_owned()][..]));
        assert_eq!((identity.issuer(), identity.expires_at()), (Some("https://i"), Some(9)));
        assert!(super::identity(Map::new(), Subject::OrClient).is_none());
    }

    #[test]
    fn a_client_credentials_answer_speaks_for_its_client() {
        let Value::Object(claims) = json!({"client_id": "robot", "aud": "https://x/mcp"}) else { unreachable!() };
        assert!(identity(claims.clone(), Subject::Required).is_none());
        let robot = identity(claims.clone(), Subject::OrClient).expect("the client");
        assert_eq!((robot.subject(), robot.client_id()), ("robot", Some("robot")));
        let mut a_user = claims;
        a_user.insert("username".into(), json!("ada"));
        assert!(identity(a_user, Subject::OrClient).is_none(), "a user's token without `sub` is refused");
    }
}
