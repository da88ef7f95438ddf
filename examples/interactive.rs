//! Elicitation and sampling: a tool asks the user for a coffee order, and
//! another asks the client's model for a poem. The same code works in the
//! session era (server-to-client requests) and under 2026-07-28
//! (`input_required` rounds), whichever the client speaks.
//!
//! ```text
//! cargo run --example interactive
//! ```

use mcp_runtime::prelude::*;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Size {
    /// Small (8 oz)
    Small,
    /// Large (16 oz)
    Large,
}

#[derive(Debug, Deserialize, JsonSchema)]
struct CoffeeOrder {
    /// The name to write on the cup.
    name: String,
    /// The cup size.
    size: Size,
}

/// Take a coffee order by asking the user for the details.
#[tool]
async fn order_coffee(ctx: Context) -> Result<String, ToolError> {
    Ok(match ctx.elicit::<CoffeeOrder>("What can I get you?").await? {
        Elicitation::Accept(order) => format!("A {:?} coffee for {}.", order.size, order.name).to_lowercase(),
        Elicitation::Decline => "No coffee, then.".into(),
        Elicitation::Cancel => "Order cancelled.".into(),
    })
}

/// Ask the client's model to write a haiku about a topic.
#[tool]
async fn write_poem(
    /// What the poem is about.
    topic: String,
    ctx: Context,
) -> Result<String, ToolError> {
    let request = SamplingRequest::new(200).system("You are a poet.").user(format!("Write a haiku about {topic}."));
    let reply = ctx.sample(request).await?;
    Ok(reply.text().unwrap_or("(the model sent no text)").to_owned())
}

fn main() -> std::process::ExitCode {
    Server::new("interactive")
        .version(env!("CARGO_PKG_VERSION"))
        .instructions("Tools that ask the user (order_coffee) and the model (write_poem).")
        .tools(tools![order_coffee, write_poem])
        .run()
}
