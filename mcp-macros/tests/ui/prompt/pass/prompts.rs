use mcp_runtime::prelude::*;

fn tones(prefix: &str) -> Vec<&'static str> {
    ["formal", "friendly"].into_iter().filter(|t| t.starts_with(prefix)).collect()
}

/// Review a text.
#[prompt(title = "Review", icons = ["https://example.com/r.png"], complete(tone = tones))]
async fn review(
    /// The text.
    text: String,
    #[arg(description = "The tone.")] tone: Option<String>,
    rounds: u8,
    ctx: Context,
) -> Result<Vec<PromptMessage>, String> {
    let _ = (tone, rounds, ctx);
    Ok(vec![PromptMessage::user(text)])
}

/// Plain.
#[prompt(name = "plain.v1")]
fn plain() -> GetPromptResult {
    GetPromptResult { description: None, messages: Vec::new() }
}

fn main() {
    let _ = Server::new("p").prompts(prompts![review, plain]);
}
