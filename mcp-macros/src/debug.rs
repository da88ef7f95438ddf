//! `MCP_MACROS_DEBUG`: prints what an attribute expands to, on stderr,
//! while the crate compiles. Set it to `1` (or `all`) for every item, or to
//! an item's name (`MCP_MACROS_DEBUG=add_numbers`) for that one. Pipe the
//! printed items through `rustfmt` to read them laid out.

use proc_macro2::TokenStream;

/// The variable that turns the printing on.
const VARIABLE: &str = "MCP_MACROS_DEBUG";

/// Prints `expansion` when `MCP_MACROS_DEBUG` asks for `#[attr]` item `name`.
pub(crate) fn show(attr: &str, name: &str, expansion: &TokenStream) {
    let Ok(wanted) = std::env::var(VARIABLE) else { return };
    if wanted_item(&wanted, name) {
        eprintln!("// ---- #[{attr}] {name} expands to:\n{expansion}\n// ---- end of {name}");
    }
}

/// Whether the variable's value `wanted` names `name`, or every item.
fn wanted_item(wanted: &str, name: &str) -> bool {
    matches!(wanted.trim(), "1" | "all" | "true") || wanted.split(',').any(|w| w.trim() == name)
}

#[cfg(test)]
mod tests {
    use super::wanted_item;

    #[test]
    fn one_name_several_or_all() {
        assert!(wanted_item("1", "add"));
        assert!(wanted_item("all", "add"));
        assert!(wanted_item("add", "add"));
        assert!(wanted_item("sub, add", "add"));
        assert!(!wanted_item("sub", "add"));
        assert!(!wanted_item("", "add"));
    }
}
