//! The params and results of each request method, typed once for both
//! sides: the client writes the params and the server reads them through
//! the same structs; the client reads the results (the server writes most
//! of them with these types; list pages come from its catalogs, and the
//! client's tests against the server hold the two to the same keys). [`Typed`] ties each method of the
//! table in [`super::method`] to its two types.

// A server-only build reads params by these types but sends no request.
#![cfg_attr(not(feature = "client"), allow(dead_code))]

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::method::Method;
use super::{
    CallToolResult, CompletionRef, DiscoverResult, Empty, GetPromptResult, InitializeResult, LogLevel, Prompt,
    ReadResourceResult, Resource, ResourceTemplate, Tool,
};

/// A request method with its params and result types.
pub(crate) trait Typed {
    /// The method's row in the table.
    const METHOD: Method;
    /// What the client sends, and what the server reads (for `tools/call`,
    /// the same struct with the arguments borrowed).
    type Params: Serialize;
    /// What the server answers.
    type Result: serde::de::DeserializeOwned;
}

/// Declares one marker type per method, named as its [`Method`] variant.
macro_rules! typed {
    ($($method:ident: $params:ty => $result:ty;)*) => {
        $(
            #[doc = concat!("The `", stringify!($method), "` method's types.")]
            pub(crate) struct $method;

            impl Typed for $method {
                const METHOD: Method = Method::$method;
                type Params = $params;
                type Result = $result;
            }
        )*
    };
}

typed! {
    Initialize: InitializeParams<Value> => InitializeResult;
    Ping: Empty => Ignored;
    Discover: Empty => DiscoverResult;
    ToolsList: ListParams => ListToolsResult;
    ToolsCall: CallToolParams<Value> => CallToolResult;
    SetLevel: SetLevelParams => Ignored;
    ResourcesList: ListParams => ListResourcesResult;
    TemplatesList: ListParams => ListResourceTemplatesResult;
    ResourcesRead: UriParams => ReadResourceResult;
    Subscribe: UriParams => Ignored;
    Unsubscribe: UriParams => Ignored;
    PromptsList: ListParams => ListPromptsResult;
    PromptsGet: GetPromptParams => GetPromptResult;
    Complete: CompleteParams => CompleteResult;
}

/// The result of a method whose result says nothing (`ping`,
/// `logging/setLevel`, `resources/subscribe`): whatever the server sends.
pub(crate) type Ignored = serde::de::IgnoredAny;

/// The params of `initialize`. The server reads the client's members as
/// borrowed raw JSON (`V = &RawValue`), to measure them before it builds
/// anything; the client writes them as [`Value`]s.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InitializeParams<V> {
    pub(crate) protocol_version: String,
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub(crate) capabilities: Option<V>,
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub(crate) client_info: Option<V>,
}

/// The params of `tools/call`. The server reads the arguments as borrowed
/// raw JSON (`A = &RawValue`), the client writes them as a [`Value`].
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CallToolParams<A> {
    pub(crate) name: String,
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub(crate) arguments: Option<A>,
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub(crate) meta: Option<RequestMeta>,
}

/// The `_meta` of a request, as far as the server reads it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RequestMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) progress_token: Option<Value>,
}

/// The params of a paginated list request.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct ListParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) cursor: Option<String>,
}

/// The params of `resources/read`, `resources/subscribe` and `resources/unsubscribe`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct UriParams {
    pub(crate) uri: String,
}

/// The params of `prompts/get`. Arguments are strings on the wire; the
/// server reads a number or a boolean as its JSON text.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct GetPromptParams {
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub(crate) arguments: Map<String, Value>,
}

/// The params of `logging/setLevel`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SetLevelParams {
    pub(crate) level: LogLevel,
}

/// The params of `completion/complete`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CompleteParams {
    #[serde(rename = "ref")]
    pub(crate) reference: CompletionRef,
    pub(crate) argument: CompleteArgument,
}

/// The argument being completed, and what has been typed so far.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CompleteArgument {
    pub(crate) name: String,
    pub(crate) value: String,
}

/// The result of `completion/complete`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CompleteResult {
    pub(crate) completion: Completion,
}

/// The candidates of a completion, at most 100 of `total`. The client
/// reads only the values, so a peer's odd `total` or `hasMore` cannot
/// fail the call.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Completion {
    pub(crate) values: Vec<String>,
    #[serde(skip_deserializing)]
    pub(crate) total: usize,
    #[serde(skip_deserializing)]
    pub(crate) has_more: bool,
}

/// A page of a list result: its items and the cursor of the next page.
pub(crate) trait Page {
    /// One listed item.
    type Item;
    /// The items, and the cursor of the next page if there is one.
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

/// Declares the result of a list method, whose items are under `$key`.
macro_rules! page {
    ($name:ident, $item:ty, $key:literal) => {
        #[doc = concat!("A page of `", $key, "`.")]
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub(crate) struct $name {
            #[serde(rename = $key)]
            items: Vec<$item>,
            #[serde(default)]
            next_cursor: Option<String>,
        }

        impl Page for $name {
            type Item = $item;
            fn into_parts(self) -> (Vec<$item>, Option<String>) {
                (self.items, self.next_cursor)
            }
        }
    };
}

page!(ListToolsResult, Tool, "tools");
page!(ListResourcesResult, Resource, "resources");
page!(ListResourceTemplatesResult, ResourceTemplate, "resourceTemplates");
page!(ListPromptsResult, Prompt, "prompts");

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn params_written_by_the_client_read_back_on_the_server() {
        let call = CallToolParams { name: "add".into(), arguments: Some(json!({"a": 1})), meta: None };
        let wire = serde_json::to_string(&call).unwrap();
        assert_eq!(wire, r#"{"name":"add","arguments":{"a":1}}"#);
        let read: CallToolParams<&serde_json::value::RawValue> = serde_json::from_str(&wire).unwrap();
        assert_eq!(read.arguments.map(|a| a.get()), Some(r#"{"a":1}"#));

        let complete = CompleteParams {
            reference: CompletionRef::prompt("greet"),
            argument: CompleteArgument { name: "name".into(), value: "A".into() },
        };
        let wire = serde_json::to_value(&complete).unwrap();
        assert_eq!(
            wire,
            json!({"ref": {"type": "ref/prompt", "name": "greet"}, "argument": {"name": "name", "value": "A"}})
        );
        assert_eq!(serde_json::to_value(ListParams::default()).unwrap(), json!({}));
    }

    #[test]
    fn results_the_client_ignores_parts_of_do_not_fail_it() {
        let odd = json!({"completion": {"values": ["a"], "total": -1, "hasMore": "maybe"}});
        let read: CompleteResult = serde_json::from_value(odd).unwrap();
        assert_eq!(read.completion.values, ["a"]);
        let written = serde_json::to_value(CompleteResult {
            completion: Completion { values: vec!["a".into()], total: 3, has_more: true },
        })
        .unwrap();
        assert_eq!(written, json!({"completion": {"values": ["a"], "total": 3, "hasMore": true}}));
        assert!(serde_json::from_value::<Ignored>(json!(null)).is_ok());
    }

    #[test]
    fn a_page_yields_its_items_and_cursor() {
        let page: ListPromptsResult =
            serde_json::from_value(json!({"prompts": [{"name": "p"}], "nextCursor": "2"})).unwrap();
        let (items, next) = page.into_parts();
        assert_eq!((items.len(), next.as_deref()), (1, Some("2")));
        assert_eq!(<PromptsGet as Typed>::METHOD.as_str(), "prompts/get");
    }
}
