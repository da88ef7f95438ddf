//! Client assertions (RFC 7523 §2.2, `private_key_jwt`): a short-lived JWT
//! the client signs with its ES256 key to prove who it is at the token
//! endpoint.

use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use serde_json::json;

use crate::util::{base64, base64url};

/// How long an assertion is good for.
const LIFETIME_SECONDS: u64 = 300;

/// A JWT naming `client_id` as issuer and subject, for the authorization
/// server `audience`, signed with the PKCS#8 P-256 key in `pem`.
pub(crate) fn client_assertion(pem: &str, client_id: &str, audience: &str) -> Result<String, String> {
    let der = pem_body(pem).ok_or("the client's private key is not a PEM `PRIVATE KEY`")?;
    let rng = SystemRandom::new();
    let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &der, &rng)
        .map_err(|e| format!("the client's private key is not a PKCS#8 P-256 key: {e}"))?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let header = json!({ "alg": "ES256", "typ": "JWT" });
    let claims = json!({
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": now,
        "exp": now + LIFETIME_SECONDS,
        "jti": super::grant::random_text(),
    });
    let signing_input = format!(
        "{}.{}",
        base64url::encode(header.to_string().as_bytes()),
        base64url::encode(claims.to_string().as_bytes())
    );
    let signature = key.sign(&rng, signing_input.as_bytes()).map_err(|_| "signing the client assertion failed")?;
    Ok(format!("{signing_input}.{}", base64url::encode(signature.as_ref())))
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
    use ring::signature::{KeyPair, UnparsedPublicKey, ECDSA_P256_SHA256_FIXED};

    #[test]
    fn assertions_verify_with_the_public_key() {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("key");
        let pem =
            format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", base64::encode(pkcs8.as_ref()));
        let jwt = client_assertion(&pem, "client-1", "https://as.example").expect("signed");
        let (input, signature) = jwt.rsplit_once('.').expect("three parts");
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).expect("key");
        let public = UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, key.public_key().as_ref().to_vec());
        public.verify(input.as_bytes(), &base64url::decode(signature).expect("base64url")).expect("valid signature");
        let claims = base64url::decode(input.split('.').nth(1).expect("claims")).expect("claims");
        let claims: serde_json::Value = serde_json::from_slice(&claims).expect("json");
        assert_eq!((claims["iss"].as_str(), claims["aud"].as_str()), (Some("client-1"), Some("https://as.example")));
        assert!(client_assertion("not a key", "c", "a").is_err());
    }
}
