//! A handler reading its own server's resources and prompts through
//! [`Context`]. The context reaches the server only through [`OwnServer`],
//! which the server implements and puts in every request's state, so this
//! layer knows nothing of the registry.

use std::sync::Arc;

use super::binding::PromptArgs;
use super::context::{BoxFuture, Context};
use super::resource::ResourceError;
use crate::protocol::{ErrorObject, GetPromptResult, ResourceContents};

/// The server a request runs in, as a handler reaches its items.
pub(crate) trait OwnServer: Send + Sync + 'static {
    /// Reads the resource at `uri`, as `resources/read` would.
    fn read_resource<'a>(
        &'a self,
        ctx: &'a Context,
        uri: &'a str,
    ) -> BoxFuture<'a, Result<Vec<ResourceContents>, ResourceError>>;

    /// Renders the prompt `name` with `args`, as `prompts/get` would.
    fn get_prompt<'a>(
        &'a self,
        ctx: &'a Context,
        name: &'a str,
        args: PromptArgs,
    ) -> BoxFuture<'a, Result<GetPromptResult, ErrorObject>>;
}

/// How the server sits in a request's state.
pub(crate) type OwnServerRef = Arc<dyn OwnServer>;

/// What a detached context answers.
const DETACHED: &str = "no server is attached to this context";

impl Context {
    /// Reads one of this server's resources, as `resources/read` would.
    pub async fn read_resource(&self, uri: &str) -> Result<Vec<ResourceContents>, ResourceError> {
        let server = self.own_server().ok_or_else(|| ResourceError::new(DETACHED))?;
        server.read_resource(self, uri).await
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
        let server = self.own_server().ok_or_else(|| ErrorObject::internal(DETACHED))?;
        let args = PromptArgs::new(crate::protocol::prompt_arguments(arguments));
        server.get_prompt(self, name, args).await
    }

    fn own_server(&self) -> Option<&OwnServerRef> {
        self.state_map().get::<OwnServerRef>()
    }
}
