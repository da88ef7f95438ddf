//! The JWTs the client signs with ES256 (feature `client-signing`): client assertions
//! (RFC 7523 §2.2, `private_key_jwt`) and DPoP proofs (RFC 9449).

use hmac_sha256::Hash;
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use serde_json::{json, Value};

use super::error::OAuthError;
use crate::util::{base64, base64url};

/// How long an assertion is good for.
const LIFETIME_SECONDS: u64 = 300;

/// A JWT naming `client_id` as issuer and subject, for the authorization
/// server `audience`, signed with the PKCS#8 P-256 key in `pem`.
pub(crate) fn client_assertion(pem: &str, client_id: &str, audience: &str) -> Result<String, OAuthError> {
    let not_pem = || OAuthError::Signing("the client's private key is not a PEM `PRIVATE KEY`".into());
    let der = pem_body(pem).ok_or_else(not_pem)?;
    let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &der, &SystemRandom::new())
        .map_err(|e| OAuthError::Signing(format!("the client's private key is not a PKCS#8 P-256 key: {e}")))?;
    let now = now();
    let header = json!({ "alg": "ES256", "typ": "JWT" });
    let claims = json!({
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": now,
        "exp": now + LIFETIME_SECONDS,
        "jti": crate::util::random_text(),
    });
    sign(&key, &header, &claims)
}

/// The client's DPoP key: a P-256 key pair made for this process.
pub(crate) struct DpopKey {
    key: EcdsaKeyPair,
    /// The public key as a JWK, sent in every proof's header.
    jwk: Value,
}

impl std::fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DpopKey").field("jwk", &self.jwk).finish_non_exhaustive()
    }
}

impl DpopKey {
    /// A fresh key pair.
    pub(crate) fn generate() -> Result<DpopKey, OAuthError> {
        let rng = SystemRandom::new();
        let failed = || OAuthError::Signing("making a DPoP key failed".into());
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).map_err(|_| failed())?;
        let key =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).map_err(|_| failed())?;
        // An uncompressed point: 0x04, then x and y, 32 bytes each.
        let point = key.public_key().as_ref();
        let jwk = json!({
            "kty": "EC",
            "crv": "P-256",
            "x": base64url::encode(&point[1..33]),
            "y": base64url::encode(&point[33..65]),
        });
        Ok(DpopKey { key, jwk })
    }

    /// A proof for one request: `method` on `url` (its query and fragment
    /// left out), with the server's `nonce`, and bound to `access_token`
    /// when the request carries one.
    pub(crate) fn proof(
        &self,
        method: &str,
        url: &str,
        nonce: Option<&str>,
        access_token: Option<&str>,
    ) -> Result<String, OAuthError> {
        let htu = url.split(['?', '#']).next().unwrap_or(url);
        let header = json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": self.jwk });
        let mut claims = json!({ "jti": crate::util::random_text(), "htm": method, "htu": htu, "iat": now() });
        if let Some(nonce) = nonce {
            claims["nonce"] = json!(nonce);
        }
        if let Some(token) = access_token {
            claims["ath"] = json!(base64url::encode(&Hash::hash(token.as_bytes())));
        }
        sign(&self.key, &header, &claims)
    }
}

/// `header.claims.signature`, signed with `key`.
fn sign(key: &EcdsaKeyPair, header: &Value, claims: &Value) -> Result<String, OAuthError> {
    let header = base64url::encode(header.to_string().as_bytes());
    let signing_input = format!("{header}.{}", base64url::encode(claims.to_string().as_bytes()));
    let signature = key
        .sign(&SystemRandom::new(), signing_input.as_bytes())
        .map_err(|_| OAuthError::Signing("signing a JWT failed".into()))?;
    Ok(format!("{signing_input}.{}", base64url::encode(signature.as_ref())))
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The DER bytes of a PEM `PRIVATE KEY` block.
fn pem_body(pem: &str) -> Option<Vec<u8>> {
    let start = pem.find("-----BEGIN PRIVATE KEY-----")? + "-----BEGIN PRIVATE KEY-----".len();
    let end = pem[start..].find("-----END PRIVATE KEY-----")? + start;
    let body: String = pem[start..end].chars().filter(|c| !c.is_whitespace()).collect();
    base64::decode(&body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED};

    /// The parts of a compact JWS, decoded.
    fn parts(jwt: &str) -> Vec<Vec<u8>> {
        jwt.split('.').map(|p| base64url::decode(p).expect("base64url")).collect()
    }

    #[test]
    fn assertions_verify_with_the_public_key() {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("key");
        let pem =
            format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", base64::encode(pkcs8.as_ref()));
        let jwt = client_assertion(&pem, "client-1", "https://as.example").expect("signed");
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).expect("key");
        let public = UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, key.public_key().as_ref().to_vec());
        let input = jwt.rsplit_once('.').expect("signed").0;
        public.verify(input.as_bytes(), &parts(&jwt)[2]).expect("valid signature");
        let claims: Value = serde_json::from_slice(&parts(&jwt)[1]).expect("json");
        assert_eq!((claims["iss"].as_str(), claims["aud"].as_str()), (Some("client-1"), Some("https://as.example")));
        assert!(client_assertion("not a key", "c", "a").is_err());
    }

    #[test]
    fn dpop_proofs_carry_the_key_the_method_the_url_and_the_token_hash() {
        let key = DpopKey::generate().expect("key");
        let proof = key.proof("POST", "https://rs.example/mcp?x=1", Some("n-1"), Some("tok")).expect("proof");
        let parts = parts(&proof);
        let header: Value = serde_json::from_slice(&parts[0]).expect("header");
        let claims: Value = serde_json::from_slice(&parts[1]).expect("claims");
        assert_eq!((header["typ"].as_str(), header["jwk"]["crv"].as_str()), (Some("dpop+jwt"), Some("P-256")));
        assert_eq!(claims["htu"], "https://rs.example/mcp");
        assert_eq!((claims["htm"].as_str(), claims["nonce"].as_str()), (Some("POST"), Some("n-1")));
        assert_eq!(claims["ath"], json!(base64url::encode(&Hash::hash(b"tok"))));
        let x = base64url::decode(header["jwk"]["x"].as_str().expect("x")).expect("x");
        let y = base64url::decode(header["jwk"]["y"].as_str().expect("y")).expect("y");
        let point = [&[4u8][..], &x, &y].concat();
        let input = proof.rsplit_once('.').expect("signed").0;
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point).verify(input.as_bytes(), &parts[2]).expect("verifies");
    }
}
