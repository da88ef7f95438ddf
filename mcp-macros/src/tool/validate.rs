//! Checks on a parsed tool that only tools need: its name, its description
//! and `blocking`; the signature checks are shared ([`crate::signature::validate`]).

use super::ToolAttrs;
use crate::diag::Errors;
use crate::item::Item;
use crate::signature::validate::{check_param, check_signature, Site};

/// Runs every check, recording each failure.
pub(crate) fn validate(tool: &Item<ToolAttrs>, site: Site, errors: &mut Errors) {
    check_name(tool, errors);
    check_description(tool, errors);
    check_signature(tool, site, errors);
    if let Some(span) = tool.attrs.blocking.filter(|_| tool.is_async) {
        errors.push_at(span, "`blocking` is for sync functions; remove it, or make the function non-async");
    }
    for param in &tool.params {
        check_param(param, errors);
    }
}

fn check_name(tool: &Item<ToolAttrs>, errors: &mut Errors) {
    let name = tool.name();
    let valid_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if (1..=128).contains(&name.len()) && valid_chars {
        return;
    }
    let message =
        format!("invalid tool name `{name}`: a tool name is 1 to 128 characters of A-Z, a-z, 0-9, `_`, `.` and `-`");
    match &tool.attrs.name {
        Some(lit) => errors.push(lit, message),
        None => errors.push(&tool.ident, format!("{message}; set one with `#[tool(name = \"..\")]`")),
    }
}

fn check_description(tool: &Item<ToolAttrs>, errors: &mut Errors) {
    if tool.description().is_none() {
        errors.push(
            &tool.ident,
            format!(
                "tool `{}` has no description; add a doc comment (`/// What it does.`) above the function, or `#[tool(description = \"..\")]`",
                tool.name()
            ),
        );
    }
}
