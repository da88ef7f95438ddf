//! RFC 6570 URI templates, as far as resources need them: matching a URI
//! against a template and binding its variables.
//!
//! Supported expressions:
//! - `{var}`: one path segment (no `/`, `?` or `#`);
//! - `{+var}` and `{var*}`: one or more segments (may contain `/`);
//! - `{?a,b}`: query parameters, in any order, each optional; only at the end.
//!
//! Values are percent-decoded. When several templates match a URI, the most
//! specific wins: more literal characters first, then fewer multi-segment
//! variables, then fewer variables, then the one registered first.

use std::fmt;

/// A parsed URI template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UriTemplate {
    source: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(String),
    Var { name: String, multi: bool },
    Query(Vec<String>),
}

/// Why a template string is not a valid template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TemplateError(String);

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TemplateError {}

/// The variables a URI bound, percent-decoded, in template order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bindings {
    values: Vec<(String, String)>,
}

impl Bindings {
    /// The value bound to `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn push(&mut self, name: &str, value: String) {
        self.values.push((name.to_owned(), value));
    }
}

impl UriTemplate {
    /// Parses a template.
    pub(crate) fn parse(source: &str) -> Result<Self, TemplateError> {
        let mut parts = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_owned()));
            }
            let close = rest[open..].find('}').ok_or_else(|| TemplateError(format!("unclosed `{{` in `{source}`")))?;
            parts.push(parse_expression(&rest[open + 1..open + close])?);
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            return Err(TemplateError(format!("unmatched `}}` in `{source}`")));
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_owned()));
        }
        check_query_is_last(&parts, source)?;
        Ok(UriTemplate { source: source.to_owned(), parts })
    }

    /// The names of its variables, in order.
    pub(crate) fn variables(&self) -> Vec<&str> {
        let mut names = Vec::new();
        for part in &self.parts {
            match part {
                Part::Var { name, .. } => names.push(name.as_str()),
                Part::Query(q) => names.extend(q.iter().map(String::as_str)),
                Part::Literal(_) => {}
            }
        }
        names
    }

    /// Orders templates: a greater key is more specific.
    pub(crate) fn specificity(&self) -> (usize, std::cmp::Reverse<usize>, std::cmp::Reverse<usize>) {
        let literal = self.parts.iter().map(|p| if let Part::Literal(l) = p { l.len() } else { 0 }).sum();
        let multi = self.parts.iter().filter(|p| matches!(p, Part::Var { multi: true, .. })).count();
        (literal, std::cmp::Reverse(multi), std::cmp::Reverse(self.variables().len()))
    }

    /// Binds the variables of `uri`, or `None` when it does not match.
    pub(crate) fn match_uri(&self, uri: &str) -> Option<Bindings> {
        let (path_parts, query) = match self.parts.last() {
            Some(Part::Query(names)) => (&self.parts[..self.parts.len() - 1], Some(names)),
            _ => (&self.parts[..], None),
        };
        let (path, query_string) = match query {
            Some(_) => uri.split_once('?').map_or((uri, ""), |(p, q)| (p, q)),
            None => (uri, ""),
        };
        let mut bindings = Bindings::default();
        if !match_parts(path_parts, path, &mut bindings) {
            return None;
        }
        if let Some(names) = query {
            bind_query(names, query_string, &mut bindings)?;
        }
        Some(bindings)
    }
}

fn parse_expression(expr: &str) -> Result<Part, TemplateError> {
    if let Some(list) = expr.strip_prefix('?') {
        let names: Vec<String> = list.split(',').map(str::to_owned).collect();
        names.iter().try_for_each(|n| check_name(n))?;
        return Ok(Part::Query(names));
    }
    let (name, reserved) = match expr.strip_prefix('+') {
        Some(n) => (n, true),
        None => (expr, false),
    };
    let (name, explode) = match name.strip_suffix('*') {
        Some(n) => (n, true),
        None => (name, false),
    };
    check_name(name)?;
    Ok(Part::Var { name: name.to_owned(), multi: reserved || explode })
}

fn check_name(name: &str) -> Result<(), TemplateError> {
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(TemplateError(format!("invalid variable name `{name}`: use letters, digits and `_`")))
    }
}

fn check_query_is_last(parts: &[Part], source: &str) -> Result<(), TemplateError> {
    let query_at = parts.iter().position(|p| matches!(p, Part::Query(_)));
    match query_at {
        Some(i) if i + 1 != parts.len() => {
            Err(TemplateError(format!("a `{{?..}}` query expression must end the template `{source}`")))
        }
        _ => Ok(()),
    }
}

fn match_parts(parts: &[Part], input: &str, out: &mut Bindings) -> bool {
    let Some((first, rest)) = parts.split_first() else { return input.is_empty() };
    match first {
        Part::Literal(lit) => input.strip_prefix(lit.as_str()).is_some_and(|tail| match_parts(rest, tail, out)),
        Part::Var { name, multi } => {
            // Longest value first, so `{+path}` takes all it can.
            let limit = if *multi { input.len() } else { input.find(['/', '?', '#']).unwrap_or(input.len()) };
            for end in (1..=limit).rev().filter(|&e| input.is_char_boundary(e)) {
                let Some(value) = percent_decode(&input[..end]) else { continue };
                let mark = out.values.len();
                out.push(name, value);
                if match_parts(rest, &input[end..], out) {
                    return true;
                }
                out.values.truncate(mark);
            }
            false
        }
        Part::Query(_) => false,
    }
}

fn bind_query(names: &[String], query: &str, out: &mut Bindings) -> Option<()> {
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if names.iter().any(|n| n == key) && out.get(key).is_none() {
            out.push(key, percent_decode(value)?);
        }
    }
    Some(())
}

/// Decodes `%XX` escapes; `None` for a bad escape (a `%` not followed by
/// two hex digits) or invalid UTF-8.
pub(crate) fn percent_decode(input: &str) -> Option<String> {
    let well_formed = input
        .match_indices('%')
        .all(|(at, _)| input.as_bytes().get(at + 1..at + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)));
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(input).decode_utf8().ok().map(std::borrow::Cow::into_owned)
}

/// Whether a bound value tries to leave its directory (`..` as a segment).
pub(crate) fn is_traversal(value: &str) -> bool {
    value.split(['/', '\\']).any(|segment| segment == "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bind(template: &str, uri: &str) -> Option<Vec<(String, String)>> {
        UriTemplate::parse(template).expect("valid").match_uri(uri).map(|b| b.values)
    }

    fn pairs(list: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect())
    }

    #[test]
    fn simple_variables_bind_one_segment() {
        assert_eq!(bind("weather://{city}/current", "weather://Paris/current"), pairs(&[("city", "Paris")]));
        assert_eq!(bind("weather://{city}/current", "weather://a/b/current"), None);
        assert_eq!(bind("weather://{city}/current", "weather:///current"), None);
    }

    #[test]
    fn reserved_and_exploded_variables_span_segments() {
        assert_eq!(bind("file:///{+path}", "file:///etc/hosts"), pairs(&[("path", "etc/hosts")]));
        assert_eq!(bind("docs://{path*}.md", "docs://a/b/c.md"), pairs(&[("path", "a/b/c")]));
    }

    #[test]
    fn query_variables_are_optional_and_unordered() {
        let t = "search://items{?q,limit}";
        assert_eq!(bind(t, "search://items?limit=5&q=red%20hat"), pairs(&[("limit", "5"), ("q", "red hat")]));
        assert_eq!(bind(t, "search://items"), pairs(&[]));
        assert_eq!(bind(t, "search://other"), None);
    }

    #[test]
    fn values_are_percent_decoded() {
        assert_eq!(bind("u://{name}", "u://caf%C3%A9"), pairs(&[("name", "café")]));
        assert_eq!(bind("u://{name}", "u://bad%ZZ"), None);
    }

    #[test]
    fn malformed_templates_are_rejected() {
        for bad in ["a://{x", "a://x}", "a://{}", "a://{?q}/more", "a://{a-b}"] {
            assert!(UriTemplate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn specificity_prefers_literals_then_fewer_variables() {
        let s = |t: &str| UriTemplate::parse(t).expect("valid").specificity();
        assert!(s("users://{id}/profile") > s("users://{id}/{page}"));
        assert!(s("files://{name}") > s("files://{+path}"));
    }

    #[test]
    fn traversal_is_detected_after_decoding() {
        assert!(is_traversal("../etc/passwd"));
        assert!(is_traversal(&percent_decode("a/%2E%2E/b").expect("decodes")));
        assert!(!is_traversal("a..b/c"));
    }
}
