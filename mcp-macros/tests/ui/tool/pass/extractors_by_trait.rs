//! Extractors are told apart from arguments by their traits, not by their
//! names: the runtime's `Context` under another name is still the context,
//! and a user's own type named `Context` is an ordinary argument.

use mcp_runtime::handler::Context as Ctx;
use mcp_runtime::prelude::{tool, Deserialize, JsonSchema};

mod user {
    use super::{Deserialize, JsonSchema};

    /// The caller's own context type, unrelated to the runtime's.
    #[derive(Deserialize, JsonSchema)]
    pub struct Context {
        pub topic: String,
    }
}

/// The context by another name.
#[tool]
async fn renamed(ctx: Ctx) -> String {
    ctx.request_id().to_string()
}

/// Two arguments of a type that happens to be called `Context`.
#[tool]
fn compare(before: user::Context, after: user::Context) -> bool {
    before.topic == after.topic
}

/// The runtime's context twice: each gets the same request's context.
#[tool]
async fn twice(first: Ctx, second: Ctx) -> bool {
    first.request_id() == second.request_id()
}

fn main() {}
