//! `#[resource("uri")]`: a static resource, or a template when the URI
//! has `{variables}`, each bound to the parameter of the same name; other
//! parameters are extractors. In a `#[handlers]` block the function may be
//! a `&self` method. Its keys ([`parse`]), its checks ([`validate`], with
//! the URI rules in [`template`]) and the `ResourceDef` it builds
//! ([`expand`]), driven by the item pipeline.

mod expand;
mod parse;
mod template;
mod validate;

use proc_macro2::TokenStream;

use crate::diag::Errors;
use crate::item::glue::{Callee, CompleterMethod};
use crate::item::{Item, Kind};
use crate::signature::validate::Site;
pub(crate) use parse::ResourceAttrs;
use template::Variable;

impl Kind for ResourceAttrs {
    const FACTORY: &'static str = "ResourceFactory";
    const DEF: &'static str = "ResourceDef";

    /// The URI template's variables (none for a static resource).
    type Checked = Vec<Variable>;

    fn parse_args(args: TokenStream, errors: &mut Errors) -> Self {
        ResourceAttrs::parse(args, errors)
    }

    fn key(item: &Item<Self>) -> String {
        uri(&item.attrs)
    }

    fn validate(item: &Item<Self>, site: Site, errors: &mut Errors) -> Option<Vec<Variable>> {
        validate::validate(item, site, errors)
    }

    fn def_expr(
        item: &Item<Self>,
        variables: Vec<Variable>,
        callee: &Callee,
        completers: &[CompleterMethod],
        rt: &TokenStream,
    ) -> TokenStream {
        expand::def_expr(item, &variables, callee, completers, rt)
    }
}

/// The URI or URI template (empty when the attribute has none, which is
/// an error of its own).
fn uri(attrs: &ResourceAttrs) -> String {
    attrs.uri.as_ref().map(syn::LitStr::value).unwrap_or_default()
}
