//! A tool reading its own server's resources and prompts through `Context`.

use serde_json::{Map, Value};

use super::Context;
use crate::handler::{PromptArgs, ResourceError};
use crate::protocol::{ErrorObject, GetPromptResult, ResourceContents};

impl Context {
    /// Reads one of this server's resources, as `resources/read` would.
    pub async fn read_resource(&self, uri: &str) -> Result<Vec<ResourceContents>, ResourceError> {
        let session = self.session().ok_or_else(|| ResourceError::new("no server is attached to this context"))?;
        session.read(self, uri).await
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
        let session = self.session().ok_or_else(|| ErrorObject::internal("no server is attached to this context"))?;
        let prompts = session.core.registry.prompts.load();
        let prompt =
            prompts.get(name).ok_or_else(|| ErrorObject::invalid_params(format!("unknown prompt `{name}`")))?;
        let args: Map<String, Value> =
            arguments.into_iter().map(|(k, v)| (k.into(), Value::String(v.into()))).collect();
        (prompt.get)(crate::handler::prompt::PromptInput { ctx: self, args: &PromptArgs::new(args) }).await
    }
}
