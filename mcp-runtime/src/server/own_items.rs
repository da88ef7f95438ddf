//! A tool reading its own server's resources and prompts through `Context`.

use super::methods::resources::read_with_hint;
use crate::handler::{Context, PromptArgs, ResourceError};
use crate::protocol::{ErrorObject, GetPromptResult, ResourceContents};

impl Context {
    /// Reads one of this server's resources, as `resources/read` would.
    pub async fn read_resource(&self, uri: &str) -> Result<Vec<ResourceContents>, ResourceError> {
        let server = self.server().ok_or_else(|| ResourceError::new("no server is attached to this context"))?;
        read_with_hint(server.registry(), self, uri).await.map(|(contents, _)| contents)
    }

    /// Renders one of this server's prompts, as `prompts/get` would.
    pub async fn get_prompt<K, V>(
        &self,
        name: &str,
        arguments: impl IntoIterator<Item = (K, V)>,
    ) -> Result<GetPromptResult, ErrorObject>
    where
        K: Into<String>,
        V: Into<String>,
    {
        let server = self.server().ok_or_else(|| ErrorObject::internal("no server is attached to this context"))?;
        let prompts = server.registry().prompts.load();
        let prompt =
            prompts.get(name).ok_or_else(|| ErrorObject::invalid_params(format!("unknown prompt `{name}`")))?;
        let args = PromptArgs::new(crate::protocol::prompt_arguments(arguments));
        (prompt.get)(crate::handler::prompt::PromptInput { ctx: self, args: &args }).await
    }
}
