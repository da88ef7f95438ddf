//! The shape every item kind shares, written once: the factory trait the
//! attribute macro implements, the set its collecting macro builds, and
//! the conversion `Server` takes. One table below stamps it out for
//! tools, resources and prompts; each row holds only what differs, the
//! names and the compiler messages that name the fix.

use super::prompt::PromptDef;
use super::resource::ResourceDef;
use super::tool::ToolDef;

/// Declares each kind's factory trait, set type and `Into*` trait.
///
/// A row is: the collecting macro's name, the definition type, the three
/// declared names, then the messages for a type that is not an item (what
/// it is not, its label, the fix) and for a value that is not a set (what
/// it cannot be, the fix).
macro_rules! item_families {
    ($(
        $collect:literal: $def:ident, $factory:ident, $set:ident, $into:ident :: $into_fn:ident,
            $not_item:literal, $label:literal, $item_fix:literal,
            $not_set:literal, $set_fix:literal;
    )*) => {$(
        #[doc = concat!("Implemented by the hidden struct the attribute emits; `", $collect, "` collects them.")]
        #[diagnostic::on_unimplemented(message = $not_item, label = $label, note = $item_fix)]
        pub trait $factory {
            /// The name or URI, checked for duplicates at compile time.
            const KEY: &'static str;

            /// Builds the item's definition.
            fn def() -> $def;
        }

        #[doc = concat!("A list of definitions, as built by `", $collect, "`.")]
        #[derive(Debug, Clone, Default)]
        pub struct $set(pub(crate) Vec<$def>);

        impl $set {
            /// A set from definitions (what the collecting macro builds).
            #[doc(hidden)]
            pub fn from_defs(defs: Vec<$def>) -> Self {
                $set(defs)
            }
        }

        #[doc = concat!("Anything the server's builder takes where a `", $collect, "` set goes.")]
        #[diagnostic::on_unimplemented(message = $not_set, note = $set_fix)]
        pub trait $into {
            /// The definitions.
            #[doc(hidden)]
            fn $into_fn(self) -> Vec<$def>;
        }

        #[diagnostic::do_not_recommend]
        impl $into for $set {
            fn $into_fn(self) -> Vec<$def> {
                self.0
            }
        }
    )*};
}

item_families! {
    "tools![..]": ToolDef, ToolFactory, ToolSet, IntoTools::into_tools,
        "`{Self}` is not a tool", "not annotated with `#[tool]`",
        "put `#[tool]` on the function; `tools![..]` takes the names (or paths) of `#[tool]` functions",
        "`{Self}` cannot be used as a set of tools",
        "pass `tools![a, b]`; a value whose type has a `#[handlers]` impl block goes to `Server::handlers`";
    "resources![..]": ResourceDef, ResourceFactory, ResourceSet, IntoResources::into_resources,
        "`{Self}` is not a resource", "not annotated with `#[resource(\"..\")]`",
        "`resources![..]` takes the names (or paths) of `#[resource]` functions",
        "`{Self}` cannot be used as a set of resources", "pass `resources![a, b]`";
    "prompts![..]": PromptDef, PromptFactory, PromptSet, IntoPrompts::into_prompts,
        "`{Self}` is not a prompt", "not annotated with `#[prompt]`",
        "`prompts![..]` takes the names (or paths) of `#[prompt]` functions",
        "`{Self}` cannot be used as a set of prompts", "pass `prompts![a, b]`";
}
