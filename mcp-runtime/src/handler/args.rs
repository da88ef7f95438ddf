//! The arguments object of `tools/call`, split into raw members without
//! building a `serde_json::Value`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

/// The members of a `tools/call` arguments object, each kept as raw JSON text.
#[derive(Debug, Default)]
pub struct ArgMap<'a> {
    entries: Vec<(Cow<'a, str>, &'a RawValue)>,
    raw: Option<&'a RawValue>,
}

impl<'a> ArgMap<'a> {
    /// Splits `arguments` (absent or `null` means no arguments).
    pub fn parse(arguments: Option<&'a RawValue>) -> Result<Self, ArgError> {
        let Some(raw) = arguments.filter(|r| r.get() != "null") else {
            return Ok(ArgMap::default());
        };
        let Members(entries) =
            serde_json::from_str(raw.get()).map_err(|_| ArgError::new("`arguments` must be a JSON object"))?;
        Ok(ArgMap { entries, raw: Some(raw) })
    }

    /// The raw value of one member.
    pub fn get(&self, name: &str) -> Option<&'a RawValue> {
        self.entries.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
    }

    /// The whole arguments object as raw text (`{}` when there was none).
    pub fn raw(&self) -> &str {
        self.raw.map_or("{}", RawValue::get)
    }
}

struct Members<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MembersVisitor)
    }
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(4));
        while let Some(Key(k)) = map.next_key()? {
            entries.push((k, map.next_value()?));
        }
        Ok(Members(entries))
    }
}

/// A member name, borrowed from the input unless it had escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Why the arguments of a call could not be bound to the tool's parameters.
///
/// It becomes an `isError` result that names the field, so the model can retry.
#[derive(Debug, Clone, PartialEq)]
pub struct ArgError {
    message: String,
}

impl ArgError {
    /// An error with a complete message.
    pub fn new(message: impl Into<String>) -> Self {
        ArgError { message: message.into() }
    }

    /// A required argument is absent.
    pub fn missing(name: &str) -> Self {
        Self::new(format!("missing required argument `{name}`"))
    }

    /// An argument has the wrong type or shape.
    pub fn invalid(name: &str, err: impl fmt::Display) -> Self {
        Self::new(format!("invalid value for argument `{name}`: {err}"))
    }
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ArgError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> Box<RawValue> {
        RawValue::from_string(s.to_owned()).expect("valid json")
    }

    #[test]
    fn splits_members_without_parsing_values() {
        let r = raw(r#"{"a": {"deep": [1,2]}, "b\u0041": 3}"#);
        let map = ArgMap::parse(Some(&r)).expect("object");
        assert_eq!(map.get("a").map(RawValue::get), Some(r#"{"deep": [1,2]}"#));
        assert_eq!(map.get("bA").map(RawValue::get), Some("3"));
        assert!(map.get("c").is_none());
    }

    #[test]
    fn absent_or_null_arguments_are_empty() {
        assert!(ArgMap::parse(None).expect("ok").get("a").is_none());
        let null = raw("null");
        assert_eq!(ArgMap::parse(Some(&null)).expect("ok").raw(), "{}");
    }

    #[test]
    fn non_object_arguments_are_rejected() {
        let r = raw("[1]");
        assert_eq!(ArgMap::parse(Some(&r)).expect_err("array").to_string(), "`arguments` must be a JSON object");
    }
}
