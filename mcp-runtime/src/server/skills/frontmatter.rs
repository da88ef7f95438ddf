//! A `SKILL.md`'s YAML front matter, as JSON, checked against the Agent
//! Skills rules: a `name` that is the skill's directory name (1 to 64 of
//! `a-z`, `0-9` and `-`, no leading, trailing or doubled `-`) and a
//! `description` of 1 to 1,024 characters.

use serde_json::{Map, Value};

/// The front matter of `text`, or why it is not valid for a skill named `dir_name`.
pub(crate) fn parse(text: &str, dir_name: &str) -> Result<Map<String, Value>, String> {
    let fields = crate::protocol::skills::frontmatter(text)?;
    let name = fields.get("name").and_then(Value::as_str).ok_or("the front matter needs a `name`")?;
    check_name(name)?;
    if name != dir_name {
        return Err(format!("`name: {name}` must equal the skill's directory name, `{dir_name}`"));
    }
    let description = fields.get("description").and_then(Value::as_str).unwrap_or_default();
    if description.trim().is_empty() || description.chars().count() > 1024 {
        return Err("the front matter needs a `description` of 1 to 1024 characters".into());
    }
    Ok(fields)
}

fn check_name(name: &str) -> Result<(), String> {
    let chars_ok = name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let shape_ok = !name.starts_with('-') && !name.ends_with('-') && !name.contains("--");
    if (1..=64).contains(&name.len()) && chars_ok && shape_ok {
        Ok(())
    } else {
        Err(format!(
            "invalid skill name `{name}`: 1 to 64 of a-z, 0-9 and `-`, with no leading, trailing or doubled `-`"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_read_and_checked() {
        let text = "---\nname: code-review\ndescription: Review code.\nmetadata:\n  team: core\n---\n\n# Body\n";
        let fields = parse(text, "code-review").expect("valid");
        assert_eq!(fields["metadata"]["team"], "core");
        assert!(parse(text, "other").unwrap_err().contains("directory name"));
        assert!(parse("# no front matter", "x").unwrap_err().contains("no front matter"));
        assert!(parse("---\nname: Bad--Name\ndescription: d\n---\n", "Bad--Name").unwrap_err().contains("invalid"));
        assert!(parse("---\nname: a\n---\n", "a").unwrap_err().contains("description"));
    }
}
