//! The traits and types that `#[tool]` expands to.
//!
//! A tool is erased behind [`ToolDef`] at the registry boundary: the macro emits
//! one small non-generic shim per tool, and everything generic lives here.

mod args;
pub(crate) mod param;
pub(crate) mod result;
pub(crate) mod tool;

pub use args::{ArgError, ArgMap};
pub use param::{InputSchema, ToolParam};
pub use result::{Contents, IntoToolResult, OutputMode, OutputSpec, ToolErrorMessage};
pub use tool::{CallInput, IntoTools, ToolBox, ToolDef, ToolFactory, ToolFuture, ToolSet};
