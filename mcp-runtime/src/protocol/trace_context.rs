//! [`TraceContext`]: the W3C trace context a client sends in a request's
//! `_meta` (SEP-414 reserves `traceparent`, `tracestate` and `baggage`).

use serde::Deserialize;

/// The W3C trace context a client sent in a request's `_meta` (SEP-414).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TraceContext {
    /// `traceparent`, e.g. `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`.
    pub traceparent: Option<String>,
    /// `tracestate`, vendor-specific trace data.
    pub tracestate: Option<String>,
    /// `baggage` (W3C Baggage).
    pub baggage: Option<String>,
}

impl TraceContext {
    /// The trace context in a request's params, if it has one.
    pub(crate) fn of(params: Option<&serde_json::value::RawValue>) -> Option<TraceContext> {
        #[derive(Deserialize)]
        struct Params {
            #[serde(rename = "_meta")]
            meta: Option<TraceContext>,
        }
        let raw = params.filter(|p| p.get().contains("traceparent"))?;
        serde_json::from_str::<Params>(raw.get()).ok()?.meta.filter(|t| t.traceparent.is_some())
    }
}
