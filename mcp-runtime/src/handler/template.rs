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
        check_no_adjacent_variables(&parts, source)?;
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

    /// Matches `uri` and binds its variables: `None` when it does not
    /// match, `Some(Err(why))` when it matches but a value is refused.
    ///
    /// Matching reads the URI as sent, then decodes each value once, so it
    /// takes time linear in the URI's length. Each variable takes the
    /// longest value after which the next literal follows.
    pub(crate) fn match_uri(&self, uri: &str) -> Option<Result<Bindings, RefusedValue>> {
        let (path_parts, query) = match self.parts.last() {
            Some(Part::Query(names)) => (&self.parts[..self.parts.len() - 1], Some(names)),
            _ => (&self.parts[..], None),
        };
        let (path, query_string) = match query {
            Some(_) => uri.split_once('?').map_or((uri, ""), |(p, q)| (p, q)),
            None => (uri, ""),
        };
        let raw = match_raw(path_parts, path)?;
        Some(bind_all(&raw, query.map(|names| (names.as_slice(), query_string))))
    }
}

/// A variable's value as it stands in the URI, still percent-encoded.
struct RawValue<'a> {
    name: &'a str,
    multi: bool,
    text: &'a str,
}

/// Splits `input` along the template's literals, without backtracking.
fn match_raw<'a>(parts: &'a [Part], input: &'a str) -> Option<Vec<RawValue<'a>>> {
    let (parts, input) = match parts.split_last() {
        Some((Part::Literal(suffix), rest)) if !rest.is_empty() => {
            (rest, strip_suffix_after_prefix(rest, input, suffix)?)
        }
        _ => (parts, input),
    };
    let mut values = Vec::new();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        let rest = &input[pos..];
        match part {
            Part::Literal(lit) => pos += rest.strip_prefix(lit.as_str()).map(|_| lit.len())?,
            Part::Var { name, multi } => {
                let len = value_length(rest, *multi, parts.get(i + 1))?;
                values.push(RawValue { name, multi: *multi, text: &rest[..len] });
                pos += len;
            }
            Part::Query(_) => return None,
        }
    }
    (pos == input.len()).then_some(values)
}

/// `input` without the template's closing literal, which must not overlap
/// its opening one.
fn strip_suffix_after_prefix<'a>(parts: &[Part], input: &'a str, suffix: &str) -> Option<&'a str> {
    let prefix = match parts.first() {
        Some(Part::Literal(prefix)) => prefix.len(),
        _ => 0,
    };
    let cut = input.strip_suffix(suffix)?;
    (cut.len() >= prefix).then_some(cut)
}

/// How much of `rest` a variable takes: the longest non-empty value within
/// its reach after which the next part's literal follows.
fn value_length(rest: &str, multi: bool, next: Option<&Part>) -> Option<usize> {
    let reach = if multi { rest.len() } else { rest.find(['/', '?', '#']).unwrap_or(rest.len()) };
    let len = match next {
        None => reach,
        Some(Part::Literal(lit)) => {
            let mut end = (reach + lit.len()).min(rest.len());
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
            rest[..end].rfind(lit.as_str())?
        }
        Some(_) => return None,
    };
    (len > 0).then_some(len)
}

/// Decodes every value once and refuses the ones a handler could misuse.
fn bind_all(raw: &[RawValue<'_>], query: Option<(&[String], &str)>) -> Result<Bindings, RefusedValue> {
    let mut bindings = Bindings::default();
    for value in raw {
        let decoded = percent_decode(value.text).ok_or_else(|| RefusedValue::BadEscape(Some(value.name.to_owned())))?;
        check_value(value.name, value.multi, &decoded)?;
        bindings.push(value.name, decoded);
    }
    if let Some((names, query_string)) = query {
        bind_query(names, query_string, &mut bindings).ok_or(RefusedValue::BadEscape(None))?;
    }
    Ok(bindings)
}

/// A `{var}` value is one segment: no decoded `/`, `\` or NUL, and not `..`.
/// A `{+var}` value may span segments, but none of them is `..`, and it
/// holds no NUL.
fn check_value(name: &str, multi: bool, value: &str) -> Result<(), RefusedValue> {
    let refused = if value.contains('\0') {
        RefusedValue::Nul
    } else if !multi && value.contains(['/', '\\']) {
        RefusedValue::Separator
    } else if is_traversal(value) {
        RefusedValue::Traversal
    } else {
        return Ok(());
    };
    Err(refused(name.to_owned()))
}

/// Why a URI that matches a template is refused: a variable's value (by
/// its name) a handler could misuse, or an escape that does not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RefusedValue {
    /// A malformed percent escape, or not UTF-8; `None` for the query.
    BadEscape(Option<String>),
    /// A NUL character.
    Nul(String),
    /// A `/` or `\` in a one-segment `{var}`.
    Separator(String),
    /// A `..` segment.
    Traversal(String),
}

impl fmt::Display for RefusedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefusedValue::BadEscape(Some(name)) => {
                write!(f, "`{name}` has a malformed percent escape or is not UTF-8")
            }
            RefusedValue::BadEscape(None) => {
                f.write_str("a query value has a malformed percent escape or is not UTF-8")
            }
            RefusedValue::Nul(name) => write!(f, "`{name}` must not contain a NUL character"),
            RefusedValue::Separator(name) => {
                write!(f, "`{name}` is one path segment and must not contain `/` or `\\`, encoded or not")
            }
            RefusedValue::Traversal(name) => write!(f, "`{name}` must not contain `..` path segments"),
        }
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

fn check_no_adjacent_variables(parts: &[Part], source: &str) -> Result<(), TemplateError> {
    let adjacent = parts.windows(2).any(|w| matches!(w, [Part::Var { .. }, Part::Var { .. }]));
    if adjacent {
        Err(TemplateError(format!(
            "two variables side by side in `{source}` are ambiguous: put a literal between them"
        )))
    } else {
        Ok(())
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
fn is_traversal(value: &str) -> bool {
    value.split(['/', '\\']).any(|segment| segment == "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bind(template: &str, uri: &str) -> Option<Vec<(String, String)>> {
        UriTemplate::parse(template).expect("valid").match_uri(uri).map(|b| b.expect("accepted").values)
    }

    fn refusal(template: &str, uri: &str) -> String {
        match UriTemplate::parse(template).expect("valid").match_uri(uri) {
            Some(Err(why)) => why.to_string(),
            other => panic!("{uri} was not refused: {other:?}"),
        }
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
        assert!(refusal("u://{name}", "u://bad%ZZ").contains("malformed percent escape"));
    }

    #[test]
    fn a_single_segment_value_holds_no_decoded_separator_or_nul() {
        for uri in ["files://%2Fetc%2Fpasswd", "files://a%2Fb", "files://a%5Cb", "files://a%00b", "files://.."] {
            let why = refusal("files://{id}", uri);
            assert!(why.starts_with("`id`"), "{uri}: {why}");
        }
        assert_eq!(bind("files://{+path}", "files://a%2Fb"), pairs(&[("path", "a/b")]));
        assert!(refusal("files://{+path}", "files://a/%2E%2E/b").contains("`..`"));
        assert!(refusal("files://{+path}", "files://a%00").contains("NUL"));
    }

    #[test]
    fn each_variable_takes_the_longest_value_the_next_literal_allows() {
        assert_eq!(bind("u://{a}.{b}", "u://x.y.z"), pairs(&[("a", "x.y"), ("b", "z")]));
        assert_eq!(bind("u://{+a}/{b}", "u://x/y/z"), pairs(&[("a", "x/y"), ("b", "z")]));
        assert_eq!(bind("u://{a}-{b}/{c}", "u://p-q-r/s"), pairs(&[("a", "p-q"), ("b", "r"), ("c", "s")]));
        assert_eq!(bind("u://{a}é{b}", "u://xéy"), pairs(&[("a", "x"), ("b", "y")]));
        assert_eq!(bind("ab{x}ba", "aba"), None);
    }

    #[test]
    fn matching_a_long_uri_reads_it_a_few_times_only() {
        // A megabyte URI against the quickstart's template: quadratic
        // matching took hours here; linear matching is immediate.
        let template = UriTemplate::parse("weather://{city}/current").expect("valid");
        let city = "%41".repeat(350_000);
        let uri = format!("weather://{city}/current");
        let bound = template.match_uri(&uri).expect("matches").expect("accepted");
        assert_eq!(bound.get("city").map(str::len), Some(350_000));
        assert!(template.match_uri(&format!("weather://{city}/x/current")).is_none());
    }

    #[test]
    fn malformed_templates_are_rejected() {
        for bad in ["a://{x", "a://x}", "a://{}", "a://{?q}/more", "a://{a-b}", "a://{x}{y}"] {
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
