//! Compile-time checks of a resource's URI or URI template and MIME type.

/// One variable of a template.
pub(crate) struct Variable {
    /// Its name.
    pub(crate) name: String,
    /// Whether it is a `{?query}` variable (optional by nature).
    pub(crate) query: bool,
}

/// Checks a URI or URI template; returns its variables.
pub(crate) fn check_uri(uri: &str) -> Result<Vec<Variable>, String> {
    check_scheme(uri)?;
    if let Some(c) = uri.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("malformed URI `{uri}`: it contains {c:?}; percent-encode it"));
    }
    let mut variables = Vec::new();
    let mut rest = uri;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').ok_or_else(|| format!("malformed URI template `{uri}`: unclosed `{{`"))?;
        let expression = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let query = expression.starts_with('?');
        if query && !rest.is_empty() {
            return Err(format!("malformed URI template `{uri}`: a `{{?..}}` query expression must come last"));
        }
        if !query && rest.starts_with('{') && !rest.starts_with("{?") {
            return Err(format!(
                "ambiguous URI template `{uri}`: two variables side by side; put a literal between them"
            ));
        }
        for name in expression.trim_start_matches(['?', '+']).trim_end_matches('*').split(',') {
            check_variable(name, uri)?;
            variables.push(Variable { name: name.to_owned(), query });
        }
    }
    if rest.contains('}') {
        return Err(format!("malformed URI template `{uri}`: unmatched `}}`"));
    }
    Ok(variables)
}

fn check_scheme(uri: &str) -> Result<(), String> {
    let scheme = uri.split_once(':').map(|(s, _)| s).unwrap_or("");
    let valid = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if valid {
        Ok(())
    } else {
        Err(format!("malformed URI `{uri}`: it needs a scheme, such as `file://` or `greeting://`"))
    }
}

fn check_variable(name: &str, uri: &str) -> Result<(), String> {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(format!("malformed URI template `{uri}`: `{{{name}}}` is not a variable name (letters, digits, `_`)"))
    }
}

/// Checks a MIME type: `type/subtype`, optionally with `; parameters`.
pub(crate) fn check_mime(mime: &str) -> Result<(), String> {
    let essence = mime.split(';').next().unwrap_or("").trim();
    let token = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c));
    match essence.split_once('/') {
        Some((kind, sub)) if token(kind) && token(sub) => Ok(()),
        _ => Err(format!("malformed MIME type `{mime}`: expected `type/subtype`, such as `text/plain`")),
    }
}
