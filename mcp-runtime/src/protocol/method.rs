//! The method table: the request methods of the protocol, and what it says
//! of each: which revision removed it, whether its result may be cached,
//! and which of its params the `Mcp-Name` header mirrors. The server's
//! dispatch, the HTTP header checks on both sides and the client all read
//! it; [`super::requests`] gives each method its params and result types.

/// A request method of the protocol that this crate implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Method {
    Initialize,
    Ping,
    Discover,
    ToolsList,
    ToolsCall,
    SetLevel,
    ResourcesList,
    TemplatesList,
    ResourcesRead,
    Subscribe,
    Unsubscribe,
    PromptsList,
    PromptsGet,
    Complete,
    Listen,
    TasksGet,
    TasksUpdate,
    TasksCancel,
    SkillsList,
    SkillsGet,
    DirectoryRead,
}

/// What the protocol says of one method.
struct Spec {
    method: Method,
    name: &'static str,
    /// 2026-07-28 dropped it (stateless requests get `-32601`).
    removed_in_stateless: bool,
    /// Only 2026-07-28 has it.
    stateless_only: bool,
    /// 2026-07-28 results carry `ttlMs` and `cacheScope`.
    cacheable: bool,
    /// The params member that names the target (mirrored in `Mcp-Name`).
    target: Option<&'static str>,
}

const fn spec(method: Method, name: &'static str) -> Spec {
    Spec { method, name, removed_in_stateless: false, stateless_only: false, cacheable: false, target: None }
}

const fn removed(mut s: Spec) -> Spec {
    s.removed_in_stateless = true;
    s
}

const fn cached(mut s: Spec) -> Spec {
    s.cacheable = true;
    s
}

const fn targets(mut s: Spec, member: &'static str) -> Spec {
    s.target = Some(member);
    s
}

const fn new_in_stateless(mut s: Spec) -> Spec {
    s.stateless_only = true;
    s
}

/// The method table.
const TABLE: [Spec; 21] = [
    removed(spec(Method::Initialize, "initialize")),
    removed(spec(Method::Ping, "ping")),
    cached(spec(Method::Discover, "server/discover")),
    cached(spec(Method::ToolsList, "tools/list")),
    targets(spec(Method::ToolsCall, "tools/call"), "name"),
    removed(spec(Method::SetLevel, "logging/setLevel")),
    cached(spec(Method::ResourcesList, "resources/list")),
    cached(spec(Method::TemplatesList, "resources/templates/list")),
    targets(cached(spec(Method::ResourcesRead, "resources/read")), "uri"),
    targets(removed(spec(Method::Subscribe, "resources/subscribe")), "uri"),
    removed(spec(Method::Unsubscribe, "resources/unsubscribe")),
    cached(spec(Method::PromptsList, "prompts/list")),
    targets(spec(Method::PromptsGet, "prompts/get"), "name"),
    spec(Method::Complete, "completion/complete"),
    new_in_stateless(spec(Method::Listen, "subscriptions/listen")),
    // The Tasks extension, which only 2026-07-28 has.
    targets(new_in_stateless(spec(Method::TasksGet, "tasks/get")), "taskId"),
    targets(new_in_stateless(spec(Method::TasksUpdate, "tasks/update")), "taskId"),
    targets(new_in_stateless(spec(Method::TasksCancel, "tasks/cancel")), "taskId"),
    // The Skills extension, in both eras.
    cached(spec(Method::SkillsList, "skills/list")),
    cached(spec(Method::SkillsGet, "skills/get")),
    spec(Method::DirectoryRead, "resources/directory/read"),
];

impl Method {
    /// The method named `name`, if the table has it.
    pub(crate) fn parse(name: &str) -> Option<Method> {
        TABLE.iter().find(|s| s.name == name).map(|s| s.method)
    }

    fn spec(self) -> &'static Spec {
        // The table lists the variants in declaration order.
        &TABLE[self as usize]
    }

    /// The method's name on the wire.
    pub(crate) fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// Whether 2026-07-28 removed this method.
    pub(crate) fn removed_in_stateless(self) -> bool {
        self.spec().removed_in_stateless
    }

    /// Whether only 2026-07-28 has this method.
    pub(crate) fn stateless_only(self) -> bool {
        self.spec().stateless_only
    }

    /// Whether 2026-07-28 results of this method carry cache hints.
    pub(crate) fn cacheable(self) -> bool {
        self.spec().cacheable
    }

    /// The params member naming what the request acts on (`name`, `uri`,
    /// `taskId`).
    pub(crate) fn target(self) -> Option<&'static str> {
        self.spec().target
    }

    /// The params member a 2026-07-28 request mirrors in its `Mcp-Name`
    /// header: the target of a method that revision still has.
    #[cfg_attr(not(any(feature = "server-http", feature = "client-http")), allow(dead_code))]
    pub(crate) fn mirrored_in_name(self) -> Option<&'static str> {
        self.target().filter(|_| !self.removed_in_stateless())
    }
}

/// An enum of wire names: the enum, its table in declaration order (so a
/// variant indexes its own row), and `parse` and `as_str` over the table.
/// The attributes after `parse` go on `parse`.
macro_rules! wire_names {
    (
        $(#[$meta:meta])*
        enum $name:ident in $table:ident, parse $(#[$parse:meta])* {
            $($(#[$variant_meta:meta])* $variant:ident => $wire:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        /// Each variant with its name on the wire, in declaration order.
        const $table: &[($name, &str)] = &[$(($name::$variant, $wire),)+];

        impl $name {
            /// The variant named `name`, if the table has it.
            $(#[$parse])*
            pub(crate) fn parse(name: &str) -> Option<$name> {
                $table.iter().find(|(_, n)| *n == name).map(|(variant, _)| *variant)
            }

            /// Its name on the wire.
            pub(crate) fn as_str(self) -> &'static str {
                $table[self as usize].1
            }
        }
    };
}

wire_names! {
    /// A notification this crate sends or reads, by its wire name.
    enum Notice in NOTICES, parse {
        Initialized => "notifications/initialized",
        Cancelled => "notifications/cancelled",
        Progress => "notifications/progress",
        Message => "notifications/message",
        ToolsListChanged => "notifications/tools/list_changed",
        PromptsListChanged => "notifications/prompts/list_changed",
        ResourcesListChanged => "notifications/resources/list_changed",
        ResourcesUpdated => "notifications/resources/updated",
        SubscriptionsAcknowledged => "notifications/subscriptions/acknowledged",
    }
}

wire_names! {
    /// A request the server sends the client.
    enum ClientMethod in CLIENT_METHODS, parse #[cfg_attr(not(feature = "client"), allow(dead_code))] {
        CreateMessage => "sampling/createMessage",
        Elicit => "elicitation/create",
        ListRoots => "roots/list",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_table_is_in_declaration_order() {
        for (i, (method, name)) in CLIENT_METHODS.iter().enumerate() {
            assert_eq!(*method as usize, i, "{name}");
            assert_eq!(ClientMethod::parse(name), Some(*method));
        }
    }

    #[test]
    fn the_table_is_in_declaration_order() {
        for (i, spec) in TABLE.iter().enumerate() {
            assert_eq!(spec.method as usize, i, "{}", spec.name);
            assert_eq!(Method::parse(spec.name), Some(spec.method));
        }
        assert_eq!(Method::parse("tools/nope"), None);
        for (i, (notice, name)) in NOTICES.iter().enumerate() {
            assert_eq!(*notice as usize, i, "{name}");
            assert_eq!(Notice::parse(name), Some(*notice));
        }
        assert!(Method::Ping.removed_in_stateless() && Method::ResourcesRead.cacheable());
        assert_eq!(Method::PromptsGet.target(), Some("name"));
        let mirrored: Vec<_> = TABLE.iter().filter_map(|s| Some((s.name, s.method.mirrored_in_name()?))).collect();
        let tasks = [("tasks/get", "taskId"), ("tasks/update", "taskId"), ("tasks/cancel", "taskId")];
        let expected = [("tools/call", "name"), ("resources/read", "uri"), ("prompts/get", "name")];
        assert_eq!(mirrored, [&expected[..], &tasks[..]].concat());
    }
}
