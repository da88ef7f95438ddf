//! Checking, when a server is built, that every handler finds the state it
//! extracts; and, for `--inspect`, that no two items share a name.

use std::any::TypeId;
use std::collections::HashMap;

use super::error::BuildError;
use crate::handler::{PromptDef, Requirements, StaticResourceDef, TemplateDef, ToolDef};

/// A registered item, as the build check sees it.
pub(crate) trait Needs {
    /// How errors name it, e.g. ``tool `add_note` ``.
    fn label(&self) -> String;

    /// What it and its completers extract.
    fn needs(&self) -> Requirements;
}

impl Needs for ToolDef {
    fn label(&self) -> String {
        format!("tool `{}`", self.tool.name)
    }

    fn needs(&self) -> Requirements {
        self.needs.clone()
    }
}

impl Needs for StaticResourceDef {
    fn label(&self) -> String {
        format!("resource `{}`", self.resource.uri)
    }

    fn needs(&self) -> Requirements {
        self.needs.clone()
    }
}

impl Needs for TemplateDef {
    fn label(&self) -> String {
        format!("resource template `{}`", self.template.uri_template)
    }

    fn needs(&self) -> Requirements {
        let mut needs = self.needs.clone();
        needs.extend(self.completer.requirements());
        needs
    }
}

impl Needs for PromptDef {
    fn label(&self) -> String {
        format!("prompt `{}`", self.prompt.name)
    }

    fn needs(&self) -> Requirements {
        let mut needs = self.needs.clone();
        needs.extend(self.completer.requirements());
        needs
    }
}

/// The first item that extracts a state type `registered` does not hold.
pub(crate) fn check_state<'a, T: Needs + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    registered: impl Fn(TypeId) -> bool,
) -> Result<(), BuildError> {
    for item in items {
        if let Some(type_name) = item.needs().missing(&registered) {
            return Err(BuildError::MissingState { handler: item.label(), type_name });
        }
    }
    Ok(())
}

/// The first key that two items share: `items` are keys and where each
/// item is written.
pub(crate) fn check_unique<'a>(
    kind: &'static str,
    items: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), BuildError> {
    let mut seen = HashMap::new();
    for (key, origin) in items {
        if let Some(earlier) = seen.insert(key, origin) {
            return Err(BuildError::duplicate(kind, key, earlier, origin));
        }
    }
    Ok(())
}
