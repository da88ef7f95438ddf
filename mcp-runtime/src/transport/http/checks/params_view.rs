//! [`BodyView`]: what the HTTP layer reads of a parsed message's params to
//! check the 2026-07-28 headers, in one pass, borrowing from the body.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::protocol::jsonrpc::{Incoming, Rejected};
use crate::protocol::method::Method;
use crate::protocol::scope::MetaFields;
use crate::transport::http::checks::headers::Mirrored;

/// The members of a message the headers mirror or depend on.
#[derive(Default)]
pub(in crate::transport::http) struct BodyView<'a> {
    /// The method of a request or notification.
    pub(in crate::transport::http) method: Option<&'a str>,
    /// The method, when the method table has it.
    pub(in crate::transport::http) known: Option<Method>,
    /// `params.name`, `params.uri` or `params.taskId`, as the method mirrors it in `Mcp-Name`.
    pub(in crate::transport::http) target: Option<Cow<'a, str>>,
    /// `params.arguments` of `tools/call`.
    pub(in crate::transport::http) arguments: Option<&'a RawValue>,
    /// `params._meta`, read only when it names a protocol version.
    pub(in crate::transport::http) meta: Option<MetaFields<'a>>,
    /// The version `_meta` names, as the body spells it.
    version: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Params<'a> {
    #[serde(borrow, default)]
    name: Option<&'a RawValue>,
    #[serde(borrow, default)]
    uri: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "taskId")]
    task_id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    arguments: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "_meta")]
    meta: Option<&'a RawValue>,
}

impl<'a> BodyView<'a> {
    /// The view of a parsed message (empty for anything but a request or a notification).
    pub(in crate::transport::http) fn of(parsed: &'a Result<Incoming, Rejected>) -> Self {
        let (method, params) = match parsed {
            Ok(Incoming::Request(r)) => (&*r.method, r.params.as_deref()),
            Ok(Incoming::Notification(n)) => (&*n.method, n.params.as_deref()),
            _ => return BodyView::default(),
        };
        let known = Method::parse(method);
        let mut view = BodyView { method: Some(method), known, ..BodyView::default() };
        let Some(params) = params.and_then(|p| serde_json::from_str::<Params<'a>>(p.get()).ok()) else {
            return view;
        };
        let target = match known.and_then(Method::target) {
            Some("uri") => params.uri,
            Some("taskId") => params.task_id,
            _ => params.name,
        };
        view.target = target.and_then(string);
        view.arguments = params.arguments;
        view.meta = params.meta.and_then(MetaFields::of_meta);
        view.version = view.meta.as_ref().and_then(MetaFields::version);
        view
    }

    /// Whether `_meta` names a protocol version: a 2026-07-28 request.
    pub(in crate::transport::http) fn names_a_version(&self) -> bool {
        self.meta.is_some()
    }

    /// What the mirrored headers must agree with.
    pub(in crate::transport::http) fn mirrored(&self) -> Mirrored<'_> {
        let (method, known) = (self.method, self.known);
        Mirrored { method, known, target: self.target.as_deref(), version: self.version.as_deref() }
    }
}

/// A JSON string, borrowed when it has no escapes.
fn string(raw: &RawValue) -> Option<Cow<'_, str>> {
    if let Ok(borrowed) = serde_json::from_str::<&str>(raw.get()) {
        return Some(Cow::Borrowed(borrowed));
    }
    serde_json::from_str::<String>(raw.get()).ok().map(Cow::Owned)
}
