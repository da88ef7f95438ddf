//! The method table: each MCP method to the function that answers it.

use super::params::MethodResult;
use super::{complete, lifecycle, listen, prompts, resources, skills, tasks, tools};
use crate::protocol::method::Method;
use crate::server::call::Request;
use crate::server::core::ServerCore;

/// Answers one request with its method.
pub(crate) async fn call(core: &ServerCore, req: Request) -> MethodResult {
    match req.method {
        Method::Initialize => lifecycle::initialize(core, &req),
        Method::Ping => lifecycle::ping(),
        Method::Discover => lifecycle::discover(core),
        Method::ToolsList => tools::list(core, &req),
        Method::ToolsCall => tools::call(core, req).await,
        Method::SetLevel => lifecycle::set_level(&req),
        Method::ResourcesList => resources::list(core, &req),
        Method::TemplatesList => resources::list_templates(core, &req),
        Method::ResourcesRead => resources::read(core, req).await,
        Method::Subscribe => resources::subscribe(core, &req, true),
        Method::Unsubscribe => resources::subscribe(core, &req, false),
        Method::PromptsList => prompts::list(core, &req),
        Method::PromptsGet => prompts::get(core, req).await,
        Method::Complete => complete::complete(core, req),
        Method::Listen => listen::listen(core, req).await,
        Method::TasksGet => tasks::get(core, &req).await,
        Method::TasksUpdate => tasks::update(core, &req).await,
        Method::TasksCancel => tasks::cancel(core, &req).await,
        Method::SkillsList => skills::list(core, &req),
        Method::SkillsGet => skills::get(core, &req),
        Method::DirectoryRead => skills::read_directory(core, &req),
    }
}
