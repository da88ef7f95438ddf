//! Parsing attribute arguments: `#[tool(name = "x", read_only)]` and
//! `#[arg(description = "..", default = expr, flatten)]`.

use syn::meta::ParseNestedMeta;
use syn::{Expr, LitBool, LitStr, Path};

use crate::diag::Errors;

/// The keys `#[tool(..)]` accepts.
pub(crate) const TOOL_KEYS: &[&str] = &[
    "name",
    "title",
    "description",
    "read_only",
    "destructive",
    "idempotent",
    "open_world",
    "blocking",
    "icons",
    "scopes",
    "crate",
];

/// The keys `#[arg(..)]` accepts.
pub(crate) const ARG_KEYS: &[&str] = &["description", "default", "flatten", "rename", "header"];

/// The arguments of `#[tool(..)]`.
#[derive(Default)]
pub(crate) struct ToolAttrs {
    /// The tool's name; the function's name by default.
    pub(crate) name: Option<LitStr>,
    /// A human-readable title.
    pub(crate) title: Option<LitStr>,
    /// Overrides the doc comment as the description.
    pub(crate) description: Option<LitStr>,
    /// Annotation hints, in the order of the schema.
    pub(crate) read_only: Option<bool>,
    pub(crate) destructive: Option<bool>,
    pub(crate) idempotent: Option<bool>,
    pub(crate) open_world: Option<bool>,
    /// Run a sync function on the blocking pool; the span of the key.
    pub(crate) blocking: Option<proc_macro2::Span>,
    /// Icon URLs.
    pub(crate) icons: Vec<LitStr>,
    /// OAuth scopes a caller needs.
    pub(crate) scopes: Vec<LitStr>,
    /// The path to mcp-runtime.
    pub(crate) krate: Option<Path>,
}

impl ToolAttrs {
    /// Parses one `key` or `key = value` of `#[tool(..)]`.
    pub(crate) fn parse_key(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        match key_of(meta).as_str() {
            "name" => self.name = Some(meta.value()?.parse()?),
            "title" => self.title = Some(meta.value()?.parse()?),
            "description" => self.description = Some(meta.value()?.parse()?),
            "read_only" => self.read_only = Some(flag(meta)?),
            "destructive" => self.destructive = Some(flag(meta)?),
            "idempotent" => self.idempotent = Some(flag(meta)?),
            "open_world" => self.open_world = Some(flag(meta)?),
            "blocking" => self.blocking = flag(meta)?.then(|| meta.path.segments[0].ident.span()),
            "icons" => self.icons = crate::item::parse_icons(meta)?,
            "scopes" => self.scopes = crate::item::parse_scopes(meta)?,
            "crate" => self.krate = Some(meta.value()?.parse::<LitStr>()?.parse()?),
            _ => return Err(unknown_key(meta, "tool", TOOL_KEYS)),
        }
        Ok(())
    }
}

/// The key of one nested meta item (empty for a path that is not an identifier).
pub(crate) fn key_of(meta: &ParseNestedMeta<'_>) -> String {
    meta.path.get_ident().map(ToString::to_string).unwrap_or_default()
}

/// `key` alone means true; `key = true|false` is explicit.
fn flag(meta: &ParseNestedMeta<'_>) -> syn::Result<bool> {
    if meta.input.peek(syn::Token![=]) {
        Ok(meta.value()?.parse::<LitBool>()?.value)
    } else {
        Ok(true)
    }
}

/// The error for an unknown key, listing the valid ones.
pub(crate) fn unknown_key(meta: &ParseNestedMeta<'_>, attr: &str, valid: &[&str]) -> syn::Error {
    let path = &meta.path;
    let shown = quote::quote!(#path).to_string().replace(' ', "");
    meta.error(format!("unknown `#[{attr}]` key `{shown}`; valid keys are: {}", valid.join(", ")))
}

/// The arguments of `#[arg(..)]` on one parameter.
#[derive(Default)]
pub(crate) struct ArgAttrs {
    /// Overrides the parameter's doc comment.
    pub(crate) description: Option<LitStr>,
    /// The value used when the argument is absent.
    pub(crate) default: Option<Expr>,
    /// The parameter is the whole arguments object.
    pub(crate) flatten: bool,
    /// The argument's name on the wire, when it differs from the parameter's.
    pub(crate) rename: Option<LitStr>,
    /// Mirror the argument into the `Mcp-Param-{header}` HTTP header.
    pub(crate) header: Option<LitStr>,
}

impl ArgAttrs {
    /// Whether any key was given.
    pub(crate) fn is_set(&self) -> bool {
        self.description.is_some()
            || self.default.is_some()
            || self.flatten
            || self.rename.is_some()
            || self.header.is_some()
    }

    /// Parses every `#[arg(..)]` among a parameter's attributes.
    pub(crate) fn parse(attrs: &[syn::Attribute], errors: &mut Errors) -> Self {
        let mut out = ArgAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("arg")) {
            let parsed = attr.parse_nested_meta(|meta| {
                match key_of(&meta).as_str() {
                    "description" => out.description = Some(meta.value()?.parse()?),
                    "default" => out.default = Some(meta.value()?.parse()?),
                    "flatten" => out.flatten = true,
                    "rename" => out.rename = Some(meta.value()?.parse()?),
                    "header" => out.header = Some(parse_header_name(&meta)?),
                    _ => return Err(unknown_key(&meta, "arg", ARG_KEYS)),
                }
                Ok(())
            });
            errors.keep(parsed);
        }
        out
    }
}

/// `#[arg(header = "Region")]`: an HTTP field-name token (RFC 9110 `tchar`s).
fn parse_header_name(meta: &ParseNestedMeta<'_>) -> syn::Result<LitStr> {
    let name: LitStr = meta.value()?.parse()?;
    let value = name.value();
    let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if value.is_empty() || !value.chars().all(tchar) {
        return Err(syn::Error::new_spanned(
            &name,
            "a header name is one or more of A-Z a-z 0-9 and !#$%&'*+-.^_`|~ (it becomes `Mcp-Param-<name>`)",
        ));
    }
    Ok(name)
}
