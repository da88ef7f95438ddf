//! The checks of a prompt function: the shared signature checks, the
//! `#[arg]` keys a prompt argument takes, and `complete(..)` naming an
//! argument.

use super::PromptAttrs;
use crate::diag::Errors;
use crate::item::Item;
use crate::signature::validate::{check_param, check_signature, Site};
use crate::signature::Param;

/// Every check of a prompt function.
pub(super) fn validate(item: &Item<PromptAttrs>, site: Site, errors: &mut Errors) {
    let (attrs, sig) = (&item.attrs, &item.func);
    check_signature(sig, site, errors);
    for param in &sig.params {
        check_param(param, errors);
        check_prompt_param(param, errors);
    }
    for completion in &attrs.complete {
        if !sig.params.iter().any(|p| completion.name == p.name()) {
            errors.push(
                &completion.name,
                format!("`complete({} = ..)` names no argument of this prompt", completion.name),
            );
        }
    }
}

fn check_prompt_param(param: &Param, errors: &mut Errors) {
    let why = "use `Option<T>` for an optional argument";
    param.arg.check_keys("a prompt argument", &["description", "rename"], why, errors);
}
