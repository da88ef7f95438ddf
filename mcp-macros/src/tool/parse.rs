//! The keys `#[tool(..)]` takes beyond the shared ones: the annotation
//! hints, `task` and `blocking`, from one table.

use crate::attr::{flag, set, KeyParser};
use crate::item::keys::{derefs_to_item_keys, ItemKeys, KeyTable};

/// The arguments of `#[tool(..)]`.
#[derive(Default)]
pub(crate) struct ToolAttrs {
    /// The keys every item attribute takes.
    pub(crate) item: ItemKeys,
    /// Annotation hints, in the order of the schema.
    pub(crate) read_only: Option<bool>,
    pub(crate) destructive: Option<bool>,
    pub(crate) idempotent: Option<bool>,
    pub(crate) open_world: Option<bool>,
    /// Run a sync function on the blocking pool; the span of the key.
    pub(crate) blocking: Option<proc_macro2::Span>,
    /// Whether calls run as tasks: `TaskSupport`'s variant.
    pub(crate) task: Option<syn::Ident>,
}

impl KeyTable for ToolAttrs {
    const ATTR: &'static str = "tool";
    const COMPLETES: bool = false;
    const OWN_KEYS: &'static [(&'static str, KeyParser<Self>)] = &[
        ("read_only", |a, m| set(&mut a.read_only, flag(m)?)),
        ("destructive", |a, m| set(&mut a.destructive, flag(m)?)),
        ("idempotent", |a, m| set(&mut a.idempotent, flag(m)?)),
        ("open_world", |a, m| set(&mut a.open_world, flag(m)?)),
        ("task", |a, m| set(&mut a.task, task_support(m)?)),
        ("blocking", |a, m| {
            a.blocking = flag(m)?.then(|| m.path.segments[0].ident.span());
            Ok(())
        }),
    ];
}

derefs_to_item_keys!(ToolAttrs);

/// Parses `task = "optional" | "required" | "forbidden"` into the variant
/// of `TaskSupport` it names.
fn task_support(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<syn::Ident> {
    let lit: syn::LitStr = meta.value()?.parse()?;
    let variant = match lit.value().as_str() {
        "optional" => "Optional",
        "required" => "Required",
        "forbidden" => "Forbidden",
        other => {
            let message = format!(
                "unknown task support `{other}`: write `task = \"optional\"` (a task when the client can follow one), `task = \"required\"` (always a task) or `task = \"forbidden\"` (never; the default)"
            );
            return Err(syn::Error::new(lit.span(), message));
        }
    };
    Ok(syn::Ident::new(variant, lit.span()))
}
