//! JSON-RPC 2.0 framing: parsing incoming messages and encoding responses.
//!
//! Incoming messages are parsed once into an envelope whose `params` stay raw
//! JSON text ([`RawValue`]), so that tool arguments are later deserialized
//! straight from the request bytes.

use std::sync::Arc;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::error::Category;
use serde_json::value::RawValue;

use super::method::Method;

use super::envelope::Envelope;
use super::error::ErrorObject;

/// A JSON-RPC request id: a string or an integer (MCP forbids `null`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RequestId {
    /// An integer id.
    Number(i64),
    /// A string id.
    String(Arc<str>),
}

impl Serialize for RequestId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RequestId::Number(n) => s.serialize_i64(*n),
            RequestId::String(v) => s.serialize_str(v),
        }
    }
}

impl<'de> Deserialize<'de> for RequestId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Int(i64),
            Str(String),
        }
        match Repr::deserialize(d) {
            Ok(Repr::Int(n)) => Ok(RequestId::Number(n)),
            Ok(Repr::Str(s)) => Ok(RequestId::String(s.into())),
            Err(_) => Err(de::Error::custom("id must be a string or an integer")),
        }
    }
}

impl RequestId {
    /// The id as plain text: a number's digits, a string's characters.
    pub fn to_plain_string(&self) -> String {
        match self {
            RequestId::Number(n) => n.to_string(),
            RequestId::String(s) => s.to_string(),
        }
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestId::Number(n) => write!(f, "{n}"),
            RequestId::String(s) => write!(f, "{s:?}"),
        }
    }
}

/// A request: it has an id and expects exactly one response.
#[derive(Debug)]
pub(crate) struct Request {
    /// The id to echo in the response.
    pub id: RequestId,
    /// The method name.
    pub method: Box<str>,
    /// The method, when the method table has it: read once, here.
    pub known: Option<Method>,
    /// The raw `params` object, if any.
    pub params: Option<Box<RawValue>>,
}

/// A notification: no id, no response.
#[derive(Debug)]
pub(crate) struct Notification {
    /// The method name.
    pub method: Box<str>,
    /// The raw `params` object, if any.
    pub params: Option<Box<RawValue>>,
}

/// One parsed incoming message.
#[derive(Debug)]
pub(crate) enum Incoming {
    /// A request to answer.
    Request(Request),
    /// A notification to act on.
    Notification(Notification),
    /// A response to a request this side sent.
    Response {
        /// The id of the request it answers.
        id: RequestId,
        /// The `result`, or the `error` object.
        outcome: Result<Box<RawValue>, ErrorObject>,
    },
    /// A JSON-RPC batch: each element parsed on its own.
    Batch(Vec<Result<Incoming, Rejected>>),
}

/// A message that cannot be served, with the error to answer it with.
#[derive(Debug, PartialEq)]
pub(crate) struct Rejected {
    /// The id of the offending message, when one could be read.
    pub id: Option<RequestId>,
    /// The error to send back.
    pub error: ErrorObject,
}

impl Rejected {
    fn new(id: Option<RequestId>, error: ErrorObject) -> Self {
        Rejected { id, error }
    }
}

/// Parses one framed message (a JSON object, or a batch array).
pub(crate) fn parse(bytes: &[u8]) -> Result<Incoming, Rejected> {
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => parse_batch(bytes),
        _ => parse_single(bytes),
    }
}

fn parse_batch(bytes: &[u8]) -> Result<Incoming, Rejected> {
    let items: Vec<&RawValue> = serde_json::from_slice(bytes).map_err(reject_unparsable)?;
    if items.is_empty() {
        return Err(Rejected::new(None, ErrorObject::invalid_request("empty batch")));
    }
    let parsed = items.iter().map(|raw| parse_single(raw.get().as_bytes()));
    Ok(Incoming::Batch(parsed.collect()))
}

fn parse_single(bytes: &[u8]) -> Result<Incoming, Rejected> {
    let env: Envelope<'_> = serde_json::from_slice(bytes).map_err(reject_unparsable)?;
    let id = env.id.map(parse_id).transpose();
    if let Some(member) = env.duplicate {
        let error = ErrorObject::invalid_request(format!("the member `{member}` appears more than once"));
        return Err(Rejected::new(id.unwrap_or(None), error));
    }
    if env.jsonrpc.map(RawValue::get) != Some("\"2.0\"") {
        let id = id.unwrap_or(None);
        return Err(Rejected::new(id, ErrorObject::invalid_request("`jsonrpc` must be \"2.0\"")));
    }
    let id = id.map_err(|error| Rejected::new(None, error))?;
    match (env.method, id) {
        (Some(method), id) => parse_call(method, id, env.params),
        (None, Some(id)) if env.result.is_some() || env.error.is_some() => Ok(Incoming::Response {
            id,
            outcome: match (env.result, env.error) {
                (Some(result), _) => Ok(result.to_owned()),
                (None, error) => Err(parse_error_object(error)),
            },
        }),
        (None, id) => Err(Rejected::new(id, ErrorObject::invalid_request("missing `method`"))),
    }
}

fn parse_call(method: &RawValue, id: Option<RequestId>, params: Option<&RawValue>) -> Result<Incoming, Rejected> {
    let method: Box<str> = serde_json::from_str::<String>(method.get())
        .map_err(|_| Rejected::new(id.clone(), ErrorObject::invalid_request("`method` must be a string")))?
        .into();
    if let Some(p) = params {
        if !p.get().starts_with('{') {
            return Err(Rejected::new(id, ErrorObject::invalid_params("`params` must be an object")));
        }
    }
    let params = params.map(RawValue::to_owned);
    Ok(match id {
        Some(id) => Incoming::Request(Request { id, known: Method::parse(&method), method, params }),
        None => Incoming::Notification(Notification { method, params }),
    })
}

/// The `error` member of a response; a malformed one becomes an internal error.
fn parse_error_object(raw: Option<&RawValue>) -> ErrorObject {
    #[derive(Deserialize)]
    struct Wire {
        code: i32,
        message: String,
        data: Option<serde_json::Value>,
    }
    match raw.map(|r| serde_json::from_str::<Wire>(r.get())) {
        Some(Ok(w)) => ErrorObject { code: w.code, message: w.message, data: w.data },
        _ => ErrorObject::internal("the peer sent a malformed error object"),
    }
}

fn parse_id(raw: &RawValue) -> Result<RequestId, ErrorObject> {
    serde_json::from_str(raw.get()).map_err(|_| ErrorObject::invalid_request("`id` must be a string or an integer"))
}

fn reject_unparsable(err: serde_json::Error) -> Rejected {
    let error = match err.classify() {
        Category::Data => ErrorObject::invalid_request("expected a JSON-RPC 2.0 object"),
        _ => ErrorObject::parse_error(err),
    };
    Rejected::new(None, error)
}

/// Encodes a success response around an already-serializable result.
pub(crate) fn encode_result<T: Serialize + ?Sized>(id: &RequestId, result: &T) -> Vec<u8> {
    encode_frame(("id", id), ("result", result))
}

/// Encodes an error response; `id` is `null` when it could not be read.
pub(crate) fn encode_error(id: Option<&RequestId>, error: &ErrorObject) -> Vec<u8> {
    encode_frame(("id", &id), ("error", error))
}

/// Encodes a request.
pub(crate) fn encode_request<T: Serialize + ?Sized>(id: &RequestId, method: &str, params: &T) -> Vec<u8> {
    let mut out = encode_frame(("id", id), ("method", method));
    out.pop();
    push_member(&mut out, "params", params);
    out.push(b'}');
    out
}

/// Whether an outgoing frame is a notification (a `method` and no `id`):
/// what a full queue may drop, unlike a response or a request.
#[cfg(any(feature = "server-http", feature = "server-websocket"))]
pub(crate) fn is_notification(frame: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Shape<'a> {
        #[serde(borrow)]
        id: Option<&'a serde_json::value::RawValue>,
        #[serde(borrow)]
        method: Option<&'a serde_json::value::RawValue>,
    }
    serde_json::from_slice::<Shape<'_>>(frame).is_ok_and(|s| s.method.is_some() && s.id.is_none())
}

/// Encodes a notification.
pub(crate) fn encode_notification<T: Serialize + ?Sized>(method: &str, params: &T) -> Vec<u8> {
    encode_frame(("method", method), ("params", params))
}

/// `{"jsonrpc":"2.0","<k1>":<v1>,"<k2>":<v2>}`, written in one pass.
fn encode_frame<A: Serialize + ?Sized, B: Serialize + ?Sized>(first: (&str, &A), second: (&str, &B)) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"{\"jsonrpc\":\"2.0\"");
    push_member(&mut out, first.0, first.1);
    push_member(&mut out, second.0, second.1);
    out.push(b'}');
    out
}

fn push_member<T: Serialize + ?Sized>(out: &mut Vec<u8>, key: &str, value: &T) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    write_json(out, value);
}

fn write_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    if let Err(e) = serde_json::to_writer(&mut *out, value) {
        // Our own types always serialize; a user type with a failing Serialize impl
        // must not produce a half-written frame.
        tracing::error!("failed to serialize a message: {e}");
        out.extend_from_slice(b"null");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::codes;

    fn rejected(input: &str) -> Rejected {
        parse(input.as_bytes()).expect_err("should be rejected")
    }

    #[test]
    fn request_keeps_raw_params() {
        let msg = parse(br#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"x"}}"#);
        let Ok(Incoming::Request(req)) = msg else { panic!("not a request: {msg:?}") };
        assert_eq!(req.id, RequestId::Number(7));
        assert_eq!(&*req.method, "tools/call");
        assert_eq!(req.params.map(|p| p.get().to_owned()).as_deref(), Some(r#"{"name":"x"}"#));
    }

    #[test]
    fn notification_has_no_id() {
        let msg = parse(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
        assert!(matches!(msg, Ok(Incoming::Notification(_))));
    }

    #[test]
    fn invalid_json_is_a_parse_error_with_null_id() {
        let r = rejected("{not json");
        assert_eq!((r.id, r.error.code), (None, codes::PARSE_ERROR));
    }

    #[test]
    fn invalid_utf8_is_a_parse_error() {
        let r = parse(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\"}").expect_err("rejected");
        assert_eq!(r.error.code, codes::PARSE_ERROR);
    }

    #[test]
    fn wrong_shapes_are_invalid_requests() {
        for input in ["42", "\"x\"", r#"{"id":1,"method":"ping"}"#, r#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#] {
            assert_eq!(rejected(input).error.code, codes::INVALID_REQUEST, "{input}");
        }
    }

    #[test]
    fn bad_ids_are_invalid_requests_with_null_id() {
        for input in [r#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, r#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#]
        {
            let r = rejected(input);
            assert_eq!((r.id, r.error.code), (None, codes::INVALID_REQUEST), "{input}");
        }
    }

    #[test]
    fn non_string_method_keeps_the_id() {
        let r = rejected(r#"{"jsonrpc":"2.0","id":"a","method":3}"#);
        assert_eq!(r.id, Some(RequestId::String("a".into())));
        assert_eq!(r.error.code, codes::INVALID_REQUEST);
    }

    #[test]
    fn batch_elements_are_parsed_separately() {
        let msg = parse(br#"[{"jsonrpc":"2.0","id":1,"method":"ping"}, 5]"#);
        let Ok(Incoming::Batch(items)) = msg else { panic!("not a batch") };
        assert!(matches!(items[0], Ok(Incoming::Request(_))));
        assert!(items[1].is_err());
        assert_eq!(rejected("[]").error.code, codes::INVALID_REQUEST);
    }

    #[test]
    fn a_repeated_member_is_refused_with_the_id() {
        let r = rejected(r#"{"jsonrpc":"2.0","id":5,"method":"ping","method":"ping"}"#);
        assert_eq!(r.id, Some(RequestId::Number(5)));
        assert_eq!(r.error.code, codes::INVALID_REQUEST);
        assert!(r.error.message.contains("`method` appears more than once"), "{}", r.error.message);
        let escaped = rejected(r#"{"jsonrpc":"2.0","id":"x","\u006dethod":"a","method":"b"}"#);
        assert_eq!(escaped.id, Some(RequestId::String("x".into())));
    }

    #[test]
    fn encodes_responses() {
        let id = RequestId::String("q".into());
        assert_eq!(encode_result(&id, &serde_json::json!({})), br#"{"jsonrpc":"2.0","id":"q","result":{}}"#);
        let err = encode_error(None, &ErrorObject::new(-1, "m"));
        assert_eq!(err, br#"{"jsonrpc":"2.0","id":null,"error":{"code":-1,"message":"m"}}"#);
    }
}
