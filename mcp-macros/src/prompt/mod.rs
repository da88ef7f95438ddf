//! `#[prompt]`: named string arguments, parsed with `FromStr`. Its keys
//! ([`parse`]), its checks ([`validate`]) and the `PromptDef` it builds
//! ([`expand`]), driven by the item pipeline.

mod expand;
mod parse;
mod validate;

use proc_macro2::TokenStream;

use crate::diag::Errors;
use crate::item::glue::{Callee, CompleterMethod};
use crate::item::{Item, Kind};
use crate::signature::validate::Site;
pub(crate) use parse::PromptAttrs;

impl Kind for PromptAttrs {
    const FACTORY: &'static str = "PromptFactory";
    const DEF: &'static str = "PromptDef";

    type Checked = ();

    fn validate(item: &Item<Self>, site: Site, errors: &mut Errors) -> Option<()> {
        validate::validate(item, site, errors);
        Some(())
    }

    fn def_expr(
        item: &Item<Self>,
        (): (),
        callee: &Callee,
        completers: &[CompleterMethod],
        rt: &TokenStream,
    ) -> TokenStream {
        expand::def_expr(item, callee, completers, rt)
    }
}
