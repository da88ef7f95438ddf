//! What both sides read of a skill (the Skills extension): a `SKILL.md`'s
//! YAML front matter, as JSON.

use serde_json::{Map, Value};

/// The front matter of a `SKILL.md`: the YAML mapping between its opening
/// `---` line and the next, or why there is none.
pub(crate) fn frontmatter(text: &str) -> Result<Map<String, Value>, String> {
    let yaml = block(text.strip_prefix('\u{feff}').unwrap_or(text))
        .ok_or("no front matter: the file must start with a `---` line, then YAML, then a `---` line")?;
    let value: Value = serde_yaml_ng::from_str(yaml).map_err(|e| format!("the front matter is not valid YAML: {e}"))?;
    match value {
        Value::Object(fields) => Ok(fields),
        _ => Err("the front matter is not a YAML mapping".into()),
    }
}

/// The YAML between the opening `---` line and the next `---` line.
fn block(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']).trim_end_matches([' ', '\t']) == "---" {
            return Some(rest[..offset].trim_end_matches(['\r', '\n']));
        }
        offset += line.len();
    }
    None
}
