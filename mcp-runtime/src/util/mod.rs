//! Small helpers with no better home.

mod futures;

pub(crate) use futures::{catch_unwind, join_all, race, unless_cancelled, Either};

/// `N` bytes from the OS's cryptographic generator. They make session ids,
/// HMAC keys, nonces and PKCE verifiers, so there is no weaker fallback:
/// without a working generator this panics, which fails the request (or
/// the start-up) rather than hand out guessable secrets.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if let Err(e) = getrandom::fill(&mut bytes) {
        panic!("the operating system's random number generator failed ({e}); secrets cannot be made safely");
    }
    bytes
}

/// 32 random bytes, base64url-encoded: for PKCE verifiers, OAuth `state`
/// and JWT ids.
#[cfg(feature = "client-http")]
pub(crate) fn random_text() -> String {
    base64url::encode(&random_bytes::<32>())
}

/// This machine's clock, in ms since the epoch.
pub(crate) fn now_ms() -> u64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}

/// This process's random tag: in the ids of the requests it sends clients
/// and of the streams it opens, so that instances sharing sessions never
/// reuse each other's ids, and a stream names the instance that holds it.
pub(crate) fn instance_tag() -> u32 {
    static TAG: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *TAG.get_or_init(|| u32::from_le_bytes(random_bytes::<4>()))
}

/// Whether a rate-limited message may go out now: true at most once per
/// wall-clock second for each `last` (a `static` per message).
#[cfg(feature = "server-http")]
pub(crate) fn once_a_second(last: &std::sync::atomic::AtomicU64) -> bool {
    let second = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    last.swap(second, std::sync::atomic::Ordering::Relaxed) != second
}

/// A session id as logs and traces show it: its first six characters. On
/// an open server the id is the session's only credential, so it is never
/// written whole.
pub(crate) fn shown_id(id: &str) -> String {
    let mut shown: String = id.chars().take(6).collect();
    shown.push('…');
    shown
}

/// `N` random bytes as lowercase hex.
pub(crate) fn random_hex<const N: usize>() -> String {
    hex(&random_bytes::<N>())
}

/// Bytes as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Standard base64 (RFC 4648 §4), on the `base64` crate.
pub(crate) mod base64 {
    use ::base64::alphabet::STANDARD;
    use ::base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use ::base64::engine::DecodePaddingMode;
    use ::base64::Engine as _;

    /// Encodes with padding; decodes with or without it.
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );

    /// Standard base64 with padding.
    pub(crate) fn encode(bytes: &[u8]) -> String {
        LENIENT.encode(bytes)
    }

    /// Decodes standard base64 exactly: a multiple of four characters, with
    /// padding only at the end; `None` otherwise.
    #[cfg_attr(not(feature = "server-http"), allow(dead_code))]
    pub(crate) fn decode_strict(text: &str) -> Option<Vec<u8>> {
        ::base64::engine::general_purpose::STANDARD.decode(text).ok()
    }

    /// Decodes standard base64 (padding optional); `None` on bad input.
    #[cfg_attr(not(feature = "client-signing"), allow(dead_code))]
    pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
        LENIENT.decode(text).ok()
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn decodes_what_it_encodes() {
            for plain in ["", "f", "fo", "foo", "Hello, 世界"] {
                assert_eq!(super::decode(&super::encode(plain.as_bytes())).as_deref(), Some(plain.as_bytes()));
            }
        }

        #[test]
        fn encodes_rfc4648_vectors() {
            let cases =
                [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE=")];
            for (plain, encoded) in cases {
                assert_eq!(super::encode(plain.as_bytes()), encoded);
            }
        }

        #[test]
        fn strict_decoding_wants_the_padding() {
            assert_eq!(super::decode_strict("Zg==").as_deref(), Some(&b"f"[..]));
            assert!(super::decode_strict("Zg").is_none());
            assert_eq!(super::decode("Zg").as_deref(), Some(&b"f"[..]));
        }
    }
}

/// URL-safe base64 without padding (RFC 4648 §5), for opaque tokens.
pub(crate) mod base64url {
    use ::base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use ::base64::Engine as _;

    pub(crate) fn encode(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Decodes; `None` for any character outside the alphabet, padding
    /// included.
    pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
        URL_SAFE_NO_PAD.decode(text).ok()
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn round_trips() {
            for input in [&b""[..], b"f", b"fo", b"foo", b"\xff\xfe\xfd\x00"] {
                assert_eq!(super::decode(&super::encode(input)).as_deref(), Some(input));
            }
            assert!(super::decode("a+b").is_none());
            assert!(super::decode("Zg==").is_none());
        }
    }
}

/// `lock()` that shrugs off poisoning. A panic in another holder (a
/// handler, say) must not take the server down with it: what the runtime
/// keeps behind its locks stays consistent between statements.
pub(crate) trait MutexExt<T: ?Sized> {
    /// The guard, poisoned or not.
    fn locked(&self) -> std::sync::MutexGuard<'_, T>;
}

impl<T: ?Sized> MutexExt<T> for std::sync::Mutex<T> {
    fn locked(&self) -> std::sync::MutexGuard<'_, T> {
        self.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// `read()` and `write()` that shrug off poisoning, as [`MutexExt`].
pub(crate) trait RwLockExt<T: ?Sized> {
    /// The read guard, poisoned or not.
    fn read_locked(&self) -> std::sync::RwLockReadGuard<'_, T>;
    /// The write guard, poisoned or not.
    fn write_locked(&self) -> std::sync::RwLockWriteGuard<'_, T>;
}

impl<T: ?Sized> RwLockExt<T> for std::sync::RwLock<T> {
    fn read_locked(&self) -> std::sync::RwLockReadGuard<'_, T> {
        self.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    fn write_locked(&self) -> std::sync::RwLockWriteGuard<'_, T> {
        self.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
