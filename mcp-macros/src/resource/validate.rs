//! The checks of a resource function: the shared signature checks, the
//! `#[arg]` keys a resource parameter takes, the URI and MIME type, and
//! the template's variables against the parameters.

use super::template::{check_mime, check_uri, Variable};
use super::ResourceAttrs;
use crate::diag::Errors;
use crate::item::glue::option_inner;
use crate::item::Item;
use crate::signature::validate::{check_param, check_signature, Site};
use crate::signature::HandlerFn;

/// Every check of a resource function: its signature, parameters, URI, MIME
/// type, and the variables against the parameters.
pub(super) fn validate(item: &Item<ResourceAttrs>, site: Site, errors: &mut Errors) -> Option<Vec<Variable>> {
    let (attrs, sig) = (&item.attrs, &item.func);
    check_signature(sig, site, errors);
    sig.params.iter().for_each(|p| check_param(p, errors));
    let why = "a template variable always has a value (use `{?name}` and `Option<T>` for one a URI may leave out)";
    sig.params.iter().for_each(|p| p.arg.check_keys("a resource parameter", &["rename"], why, errors));
    validate_uri(attrs, sig, errors)
}

/// Checks the URI, MIME type and the variables against the parameters.
fn validate_uri(attrs: &ResourceAttrs, sig: &HandlerFn, errors: &mut Errors) -> Option<Vec<Variable>> {
    if let Some(mime) = &attrs.mime {
        if let Err(e) = check_mime(&mime.value()) {
            errors.push(mime, e);
        }
    }
    let uri = attrs.uri.as_ref()?;
    let variables = match check_uri(&uri.value()) {
        Ok(v) => v,
        Err(e) => {
            errors.push(uri, e);
            return None;
        }
    };
    for var in &variables {
        let param = sig.params.iter().find(|p| p.name() == var.name);
        if let Some(p) = param.filter(|p| var.query && option_inner(&p.ty).is_none()) {
            let message = format!(
                "`{{?{}}}` is a query variable, which a URI may leave out; make `{}` an `Option<..>`",
                var.name, var.name
            );
            errors.push(&p.ty, message);
        }
        if param.is_none() {
            let rename = near_parameter(sig, &variables, &var.name)
                .map(|near| format!("rename the parameter `{near}` to `{}`, or ", var.name))
                .unwrap_or_default();
            let message = format!(
                "URI template variable `{{{}}}` has no matching parameter; {rename}add `{}: String` (or another `FromStr` type) to the function",
                var.name, var.name
            );
            errors.push(uri, message);
        }
    }
    for completion in &attrs.complete {
        if !variables.iter().any(|v| completion.name == v.name) {
            let message = format!("`complete({} = ..)` names no variable of the URI template", completion.name);
            errors.push(&completion.name, message);
        }
    }
    Some(variables)
}

/// The parameter no variable binds whose name is nearest `variable` (it
/// contains it or is contained in it, or is within a typo), for a
/// suggestion to rename it.
fn near_parameter(sig: &HandlerFn, variables: &[Variable], variable: &str) -> Option<String> {
    sig.params
        .iter()
        .map(|p| p.name())
        .filter(|name| !variables.iter().any(|v| v.name == *name))
        .filter_map(|name| {
            let distance = crate::attr::edit_distance(&name, variable);
            let typo = distance <= (variable.len() / 4).max(1);
            let near = name.len() > 1 && (name.contains(variable) || variable.contains(name.as_str()) || typo);
            near.then_some((distance, name))
        })
        .min()
        .map(|(_, name)| name)
}
