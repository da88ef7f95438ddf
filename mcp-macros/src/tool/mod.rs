//! `#[tool]`: its keys ([`parse`]), its checks ([`validate`]) and the
//! `ToolDef` it builds ([`expand`]), driven by the item pipeline.

pub(crate) mod expand;
pub(crate) mod parse;
pub(crate) mod validate;

use proc_macro2::TokenStream;

use crate::diag::Errors;
use crate::item::glue::{Callee, CompleterMethod};
use crate::item::{Item, Kind};
use crate::signature::validate::Site;
pub(crate) use parse::ToolAttrs;

impl Kind for ToolAttrs {
    const FACTORY: &'static str = "ToolFactory";
    const DEF: &'static str = "ToolDef";

    type Checked = ();

    fn validate(item: &Item<Self>, site: Site, errors: &mut Errors) -> Option<()> {
        validate::validate(item, site, errors);
        Some(())
    }

    fn def_expr(item: &Item<Self>, (): (), callee: &Callee, _: &[CompleterMethod], rt: &TokenStream) -> TokenStream {
        expand::def_expr(item, callee, rt)
    }
}
