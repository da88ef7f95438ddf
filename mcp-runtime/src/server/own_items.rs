//! The server's side of [`OwnServer`]: a tool reading its own server's
//! resources and prompts through `Context`.

use super::handle::ServerHandle;
use super::methods::resources::read_with_hint;
use crate::handler::context::BoxFuture;
use crate::handler::own_server::OwnServer;
use crate::handler::prompt::PromptInput;
use crate::handler::{Context, PromptArgs, ResourceError};
use crate::protocol::{ErrorObject, GetPromptResult, ResourceContents};

impl OwnServer for ServerHandle {
    fn read_resource<'a>(
        &'a self,
        ctx: &'a Context,
        uri: &'a str,
    ) -> BoxFuture<'a, Result<Vec<ResourceContents>, ResourceError>> {
        Box::pin(async move { read_with_hint(self.registry(), ctx, uri).await.map(|(contents, _)| contents) })
    }

    fn get_prompt<'a>(
        &'a self,
        ctx: &'a Context,
        name: &'a str,
        args: PromptArgs,
    ) -> BoxFuture<'a, Result<GetPromptResult, ErrorObject>> {
        Box::pin(async move {
            let prompts = self.registry().prompts.load();
            let prompt =
                prompts.get(name).ok_or_else(|| ErrorObject::invalid_params(format!("unknown prompt `{name}`")))?;
            (prompt.get)(PromptInput { ctx, args: &args }).await
        })
    }
}
