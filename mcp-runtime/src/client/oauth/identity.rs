//! How the client is known to an authorization server: its client id, how
//! it authenticates at the token endpoint, and its DPoP key.

use super::discovery::ServerMetadata;
use super::dpop::DpopKey;

/// How the client authenticates at the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenAuth {
    /// A public client: `client_id` in the body, no secret.
    None,
    /// `Authorization: Basic` with the id and secret.
    Basic,
    /// `client_id` and `client_secret` in the body.
    Post,
    /// A JWT signed with this PEM private key (`private_key_jwt`, ES256).
    #[cfg(feature = "client-signing")]
    PrivateKeyJwt(std::sync::Arc<str>),
}

impl TokenAuth {
    pub(super) fn named(name: &str) -> Option<TokenAuth> {
        match name {
            "none" => Some(TokenAuth::None),
            "client_secret_basic" => Some(TokenAuth::Basic),
            "client_secret_post" => Some(TokenAuth::Post),
            _ => None,
        }
    }

    /// For a client with a secret: what the server lists, preferring Basic
    /// (RFC 8414's default when it lists nothing).
    pub(super) fn for_secret(server: &ServerMetadata) -> TokenAuth {
        match &server.token_endpoint_auth_methods_supported {
            Some(methods) if !methods.iter().any(|m| m == "client_secret_basic") => {
                if methods.iter().any(|m| m == "client_secret_post") {
                    TokenAuth::Post
                } else {
                    TokenAuth::Basic
                }
            }
            _ => TokenAuth::Basic,
        }
    }
}

/// The client's identity at one authorization server.
#[derive(Debug, Clone)]
pub(crate) struct ClientIdentity {
    /// The client id.
    pub(crate) client_id: String,
    /// The secret, for confidential clients.
    pub(crate) client_secret: Option<String>,
    /// How it authenticates at the token endpoint.
    pub(crate) token_auth: TokenAuth,
    /// Its DPoP key, when the server binds tokens to one (RFC 9449).
    pub(crate) dpop: Option<std::sync::Arc<DpopKey>>,
}
