//! Form bodies and HTTP Basic credentials, as OAuth endpoints take them.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::util::base64;

/// Everything but RFC 3986's unreserved characters.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes a client id or secret for HTTP Basic authentication, as RFC 6749
/// section 2.3.1 asks, leaving the unreserved characters as they are (a
/// secret's `~` stays `~`, for servers that do not decode the pair).
fn encode(text: &str) -> String {
    utf8_percent_encode(text, RESERVED).to_string()
}

/// `a=1&b=2`, each part form-encoded.
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

/// `Authorization: Basic` for `id` and `secret`, each form-encoded first
/// (RFC 6749 §2.3.1).
pub(crate) fn basic_authorization(id: &str, secret: &str) -> (String, String) {
    let pair = format!("{}:{}", encode(id), encode(secret));
    ("Authorization".to_owned(), format!("Basic {}", base64::encode(pair.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_keep_the_unreserved_characters() {
        assert_eq!(encode("id:with space~"), "id%3Awith%20space~");
    }
}
