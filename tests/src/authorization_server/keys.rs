//! The server's signing keys (committed PEM test keys under `tests/keys`),
//! the JWKS it publishes, and token signing.

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::Value;

/// One signing key and the `kid` it is published under.
pub(super) struct SigningKey {
    pub(super) kid: String,
    pub(super) alg: Algorithm,
    pub(super) key: EncodingKey,
}

/// Which key signs a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyChoice {
    /// The current RSA key (RS256); after [`rotate`](super::AuthorizationServer::rotate),
    /// the rotated one.
    Rsa,
    /// The P-256 key (ES256).
    Ec,
    /// The Ed25519 key (EdDSA).
    Ed,
    /// A key the server never published, under the current RSA key's
    /// `kid`: a forged signature.
    Forger,
}

fn pem(name: &str) -> Vec<u8> {
    let path = crate::workspace_root().join("tests/keys").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn rsa(kid: &str, file: &str) -> SigningKey {
    let key = EncodingKey::from_rsa_pem(&pem(file)).expect("an RSA test key");
    SigningKey { kid: kid.into(), alg: Algorithm::RS256, key }
}

/// Every key the server can sign with.
pub(super) struct Keys {
    pub(super) first: SigningKey,
    pub(super) rotated: SigningKey,
    pub(super) forger: SigningKey,
    pub(super) ec: SigningKey,
    pub(super) ed: SigningKey,
}

impl Keys {
    pub(super) fn load() -> Self {
        let ec = EncodingKey::from_ec_pem(&pem("ec_p256.pem")).expect("a P-256 test key");
        let ed = EncodingKey::from_ed_pem(&pem("ed25519.pem")).expect("an Ed25519 test key");
        Keys {
            first: rsa("rsa-1", "rsa_first.pem"),
            rotated: rsa("rsa-2", "rsa_rotated.pem"),
            forger: rsa("rsa-1", "rsa_forger.pem"),
            ec: SigningKey { kid: "ec-1".into(), alg: Algorithm::ES256, key: ec },
            ed: SigningKey { kid: "ed-1".into(), alg: Algorithm::EdDSA, key: ed },
        }
    }

    /// The key `choice` names, given whether the RSA key has rotated.
    pub(super) fn pick(&self, choice: KeyChoice, rotated: bool) -> &SigningKey {
        match choice {
            KeyChoice::Rsa if rotated => &self.rotated,
            KeyChoice::Rsa => &self.first,
            KeyChoice::Ec => &self.ec,
            KeyChoice::Ed => &self.ed,
            KeyChoice::Forger => &self.forger,
        }
    }

    /// The published set: the first RSA key until rotation, the rotated
    /// one after it (the old one is retired), and the EC and Ed keys.
    pub(super) fn jwks(&self, rotated: bool) -> JwkSet {
        let rsa = if rotated { &self.rotated } else { &self.first };
        let keys = [rsa, &self.ec, &self.ed].into_iter().map(public_jwk).collect();
        JwkSet { keys }
    }
}

fn public_jwk(key: &SigningKey) -> Jwk {
    let mut jwk = Jwk::from_encoding_key(&key.key, key.alg).expect("a public JWK");
    jwk.common.key_id = Some(key.kid.clone());
    jwk
}

/// `claims` signed by `key`, with `typ` in the header.
pub(super) fn sign(key: &SigningKey, claims: &Value, typ: Option<&str>) -> String {
    let mut header = Header::new(key.alg);
    header.kid = Some(key.kid.clone());
    header.typ = typ.map(str::to_owned);
    jsonwebtoken::encode(&header, claims, &key.key).expect("signing works")
}

/// `claims` with `alg: none` and no signature, as an attacker would send.
pub(super) fn unsigned(claims: &Value) -> String {
    let header = base64url(br#"{"alg":"none","typ":"JWT"}"#);
    format!("{header}.{}.", base64url(claims.to_string().as_bytes()))
}

/// Base64url without padding.
pub(super) fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}
