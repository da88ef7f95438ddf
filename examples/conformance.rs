//! The fixture server for the official MCP conformance suite
//! (`@modelcontextprotocol/conformance`): the `test_*` tools, the `test://`
//! resources and templates, and the prompts its scenarios call, each
//! behaving as the scenarios expect; and the tools of its Tasks scenarios
//! (`conformance/tasks.rs`).
//!
//! ```text
//! cargo run --example conformance -- --transport http --port 3000
//! ```

use mcp_runtime::prelude::*;
use serde_json::json;

#[path = "conformance/tasks.rs"]
mod tasks;

/// A 1x1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d,
    0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A tiny WAV header with no samples.
const WAV: &[u8] = &[
    0x52, 0x49, 0x46, 0x46, 0x24, 0x00, 0x00, 0x00, 0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20, 0x10, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x01, 0x00, 0x44, 0xac, 0x00, 0x00, 0x88, 0x58, 0x01, 0x00, 0x02, 0x00, 0x10, 0x00, 0x64, 0x61,
    0x74, 0x61, 0x00, 0x00, 0x00, 0x00,
];

/// Tests simple text content response.
#[tool]
fn test_simple_text() -> String {
    "This is a simple text response for testing.".into()
}

/// Tests image content response.
#[tool]
fn test_image_content() -> Image {
    Image::png(PNG)
}

/// Tests audio content response.
#[tool]
fn test_audio_content() -> Audio {
    Audio::new(WAV, "audio/wav")
}

/// Tests embedded resource content response.
#[tool]
fn test_embedded_resource() -> EmbeddedResource {
    EmbeddedResource::text("test://embedded-resource", "text/plain", "This is an embedded resource content.")
}

/// Tests response with multiple content types (text, image, resource).
#[tool]
fn test_multiple_content_types() -> Vec<Content> {
    let json = json!({"test": "data", "value": 123}).to_string();
    vec![
        Content::text("Multiple content types test:"),
        Image::png(PNG).into(),
        EmbeddedResource::text("test://mixed-content-resource", "application/json", json).into(),
    ]
}

/// Tests tool that emits log messages during execution.
#[tool]
async fn test_tool_with_logging(ctx: Context) -> String {
    for step in ["Tool execution started", "Tool processing data", "Tool execution completed"] {
        ctx.info(step);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    "Tool with logging executed successfully".into()
}

/// Tests tool that reports progress notifications.
#[tool]
async fn test_tool_with_progress(ctx: Context) -> String {
    for done in [0.0, 50.0, 100.0] {
        ctx.progress(done, Some(100.0), Some(&format!("Completed step {done} of 100")));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    "progress reported".into()
}

/// Tests error response handling.
#[tool]
fn test_error_handling() -> Result<String, ToolError> {
    Err(ToolError::new("This tool intentionally returns an error for testing"))
}

/// Tests server-initiated sampling (LLM completion request).
#[tool]
async fn test_sampling(
    /// The prompt to send to the LLM.
    prompt: String,
    ctx: Context,
) -> String {
    match ctx.sample(SamplingRequest::new(100).user(prompt)).await {
        Ok(reply) => format!("LLM response: {}", reply.text().unwrap_or("No response")),
        Err(e) => format!("Sampling not supported or error: {e}"),
    }
}

/// Tests server-initiated elicitation (user input request).
#[tool]
async fn test_elicitation(
    /// The message to show the user.
    message: String,
    ctx: Context,
) -> String {
    let schema = json!({"type": "object", "properties": {"response": {"type": "string", "description": "User's response"}},
        "required": ["response"]});
    match ctx.elicit_with_schema(&message, schema).await {
        Ok(answer) => format!(
            "User response: action={}, content={}",
            answer["action"],
            answer.get("content").unwrap_or(&json!({}))
        ),
        Err(e) => format!("Elicitation not supported or error: {e}"),
    }
}

/// Tests elicitation with default values per SEP-1034.
#[tool]
async fn test_elicitation_sep1034_defaults(ctx: Context) -> String {
    let schema = json!({"type": "object", "required": [], "properties": {
        "name": {"type": "string", "description": "User name", "default": "John Doe"},
        "age": {"type": "integer", "description": "User age", "default": 30},
        "score": {"type": "number", "description": "User score", "default": 95.5},
        "status": {"type": "string", "description": "User status", "enum": ["active", "inactive", "pending"], "default": "active"},
        "verified": {"type": "boolean", "description": "Verification status", "default": true}}});
    elicitation_summary(&ctx, "Please review and update the form fields with defaults", schema).await
}

/// Tests elicitation with enum schema improvements per SEP-1330.
#[tool]
async fn test_elicitation_sep1330_enums(ctx: Context) -> String {
    let titled = |prefix: &str| {
        (1..=3).map(|i| json!({"const": format!("value{i}"), "title": format!("{} {prefix}", ["First", "Second", "Third"][i - 1])})).collect::<Vec<_>>()
    };
    let schema = json!({"type": "object", "required": [], "properties": {
        "untitledSingle": {"type": "string", "description": "Select one option", "enum": ["option1", "option2", "option3"]},
        "titledSingle": {"type": "string", "description": "Select one option with titles", "oneOf": titled("Option")},
        "legacyEnum": {"type": "string", "description": "Select one option (legacy)", "enum": ["opt1", "opt2", "opt3"],
            "enumNames": ["Option One", "Option Two", "Option Three"]},
        "untitledMulti": {"type": "array", "description": "Select multiple options", "minItems": 1, "maxItems": 3,
            "items": {"type": "string", "enum": ["option1", "option2", "option3"]}},
        "titledMulti": {"type": "array", "description": "Select multiple options with titles", "minItems": 1, "maxItems": 3,
            "items": {"anyOf": titled("Choice")}}}});
    elicitation_summary(&ctx, "Please select options from the enum fields", schema).await
}

async fn elicitation_summary(ctx: &Context, message: &str, schema: serde_json::Value) -> String {
    match ctx.elicit_with_schema(message, schema).await {
        Ok(a) => {
            format!("Elicitation completed: action={}, content={}", a["action"], a.get("content").unwrap_or(&json!({})))
        }
        Err(e) => format!("Elicitation not supported or error: {e}"),
    }
}

/// A static text resource for testing.
#[resource("test://static-text", name = "static-text", title = "Static Text Resource", mime = "text/plain")]
fn static_text() -> &'static str {
    "This is the content of the static text resource."
}

/// A static binary resource (image) for testing.
#[resource("test://static-binary", name = "static-binary", title = "Static Binary Resource", mime = "image/png")]
fn static_binary() -> Vec<u8> {
    PNG.to_vec()
}

/// A resource template with parameter substitution.
#[resource("test://template/{id}/data", name = "template", title = "Resource Template", mime = "application/json")]
fn template(id: String) -> Json<serde_json::Value> {
    Json(json!({"id": id, "templateTest": true, "data": format!("Data for ID: {id}")}))
}

/// A resource that clients may subscribe to.
#[resource("test://watched-resource", name = "watched-resource", title = "Watched Resource", mime = "text/plain")]
fn watched_resource() -> &'static str {
    "Watched resource content"
}

/// A simple prompt without arguments.
#[prompt(title = "Simple Test Prompt")]
fn test_simple_prompt() -> String {
    "This is a simple prompt for testing.".into()
}

/// A prompt with required arguments.
#[prompt(title = "Prompt With Arguments", complete(arg1 = suggestions, arg2 = suggestions))]
fn test_prompt_with_arguments(
    /// First test argument.
    arg1: String,
    /// Second test argument.
    arg2: String,
) -> String {
    format!("Prompt with arguments: arg1='{arg1}', arg2='{arg2}'")
}

fn suggestions(prefix: &str) -> Vec<String> {
    ["paris", "park", "party"].iter().filter(|s| s.starts_with(prefix)).map(|s| (*s).to_owned()).collect()
}

/// A prompt that includes an embedded resource.
#[prompt(title = "Prompt With Embedded Resource")]
fn test_prompt_with_embedded_resource(
    /// URI of the resource to embed.
    #[arg(rename = "resourceUri")]
    resource_uri: String,
) -> Vec<PromptMessage> {
    vec![
        PromptMessage::user(EmbeddedResource::text(
            resource_uri,
            "text/plain",
            "Embedded resource content for testing.",
        )),
        PromptMessage::user("Please process the embedded resource above."),
    ]
}

/// A prompt that includes image content.
#[prompt(title = "Prompt With Image")]
fn test_prompt_with_image() -> Vec<PromptMessage> {
    vec![PromptMessage::user(Image::png(PNG)), PromptMessage::user("Please analyze the image above.")]
}

// ----- 2026-07-28 fixtures: input_required rounds and diagnostics -----

/// Needs the sampling capability: without it the call fails with -32021.
#[tool]
fn test_missing_capability(ctx: Context) -> Result<String, ToolError> {
    ctx.require_capability("sampling")?;
    Ok("Success".into())
}

/// Asks for input mid-call; statelessly this is an input_required result.
#[tool]
async fn test_streaming_elicitation(ctx: Context) -> Result<String, ToolError> {
    let answer = ctx.elicit_with_schema("Continue?", name_schema("answer")).await?;
    Ok(format!("Elicitation: {}", answer["action"]))
}

/// Logs as it runs (only when the request asked for a log level).
#[tool]
fn test_logging_tool(ctx: Context) -> String {
    ctx.info("test_logging_tool ran");
    "logged".into()
}

fn name_schema(field: &str) -> serde_json::Value {
    json!({"type": "object", "properties": {field: {"type": "string"}}, "required": [field]})
}

fn answered(answer: &serde_json::Value, field: &str) -> String {
    answer["content"][field].as_str().unwrap_or("").to_owned()
}

/// Asks for the user's name, then greets them.
#[tool]
async fn test_input_required_result_elicitation(ctx: Context) -> Result<String, ToolError> {
    let answer = ctx.input("user_name").elicit_with_schema("What is your name?", name_schema("name")).await?;
    Ok(format!("Hello, {}!", answered(&answer, "name")))
}

fn capital_question() -> SamplingRequest {
    SamplingRequest::new(100).user("What is the capital of France?")
}

/// Asks the client's model a question.
#[tool]
async fn test_input_required_result_sampling(ctx: Context) -> Result<String, ToolError> {
    let reply = ctx.input("capital_question").sample(capital_question()).await?;
    Ok(format!("Sampling result: {}", reply.text().unwrap_or("no response")))
}

/// Lists the client's roots.
#[tool]
async fn test_input_required_result_list_roots(ctx: Context) -> Result<String, ToolError> {
    let roots = ctx.input("client_roots").roots().await?;
    let uris: Vec<&str> = roots.iter().map(|r| r.uri.as_str()).collect();
    Ok(format!("Found {} root(s): {}", roots.len(), uris.join(", ")))
}

/// Asks for a confirmation; the round trip carries a sealed requestState.
#[tool]
async fn test_input_required_result_request_state(ctx: Context) -> Result<String, ToolError> {
    let schema = json!({"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]});
    let answer = ctx.input("confirm").elicit_with_schema("Please confirm", schema).await?;
    Ok(format!("state-ok: confirmed={}", answer["content"]["ok"]))
}

/// Asks for three things at once: a name, a greeting from the model, the roots.
#[tool]
async fn test_input_required_result_multiple_inputs(ctx: Context) -> Result<String, ToolError> {
    let (name, greeting, roots) = tokio::join!(
        ctx.input("user_name").elicit_with_schema("What is your name?", name_schema("name")),
        ctx.input("greeting").sample(SamplingRequest::new(50).user("Generate a greeting")),
        ctx.input("client_roots").roots(),
    );
    let (name, greeting, roots) = (name?, greeting?, roots?);
    Ok(format!("{} / {} / {} root(s)", answered(&name, "name"), greeting.text().unwrap_or(""), roots.len()))
}

/// Two rounds of questions, one after the other.
#[tool]
async fn test_input_required_result_multi_round(ctx: Context) -> Result<String, ToolError> {
    let name = ctx.input("step1").elicit_with_schema("Step 1: What is your name?", name_schema("name")).await?;
    let color =
        ctx.input("step2").elicit_with_schema("Step 2: What is your favorite color?", name_schema("color")).await?;
    Ok(format!("{} likes {}", answered(&name, "name"), answered(&color, "color")))
}

/// A round whose requestState is integrity-protected: tampering is refused.
#[tool]
async fn test_input_required_result_tampered_state(ctx: Context) -> Result<String, ToolError> {
    let answer = ctx.input("confirm").elicit_with_schema("Please confirm", name_schema("ok")).await?;
    Ok(format!("confirmed: {}", answer["action"]))
}

/// Asks only for what the client declared it can do.
#[tool]
async fn test_input_required_result_capabilities(ctx: Context) -> Result<String, ToolError> {
    let caps = ctx.client_capabilities().clone();
    let sampled = async {
        match caps.get("sampling") {
            Some(_) => ctx.input("capital_question").sample(capital_question()).await.map(Some),
            None => Ok(None),
        }
    };
    let elicited = async {
        match caps.get("elicitation") {
            Some(_) => {
                ctx.input("user_name").elicit_with_schema("What is your name?", name_schema("name")).await.map(Some)
            }
            None => Ok(None),
        }
    };
    let (sampled, elicited) = tokio::join!(sampled, elicited);
    Ok(format!("sampled={} elicited={}", sampled?.is_some(), elicited?.is_some()))
}

/// A prompt that needs the user's input first.
#[prompt]
async fn test_input_required_result_prompt(ctx: Context) -> Result<String, ClientRequestError> {
    let schema = name_schema("context");
    let answer = ctx.input("user_context").elicit_with_schema("What context should the prompt use?", schema).await?;
    Ok(format!("Use this context: {}", answered(&answer, "context")))
}

/// Mirrors `region` into the `Mcp-Param-Region` header (SEP-2243).
#[tool]
fn test_custom_headers(
    /// Where to run.
    #[arg(header = "Region")]
    region: String,
    /// What to run.
    query: Option<String>,
) -> String {
    format!("region={region} query={}", query.unwrap_or_default())
}

#[derive(Deserialize, JsonSchema)]
#[schemars(rename = "address", extend("$anchor" = "addressDef"))]
#[allow(dead_code)]
struct Address {
    street: Option<String>,
    city: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(extend(
    "allOf" = [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
    "if" = {"properties": {"contactMethod": {"const": "phone"}}, "required": ["contactMethod"]},
    "then" = {"required": ["phone"]},
    "else" = {"required": ["email"]}
))]
struct ContactForm {
    name: Option<String>,
    address: Option<Address>,
    contact_method: Option<ContactMethod>,
    phone: Option<String>,
    email: Option<String>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum ContactMethod {
    Phone,
    Email,
}

/// Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613).
#[tool]
fn json_schema_2020_12_tool(#[arg(flatten)] form: ContactForm) -> String {
    let method = form.contact_method.map(|m| serde_json::to_string(&m).unwrap_or_default());
    let reach = form.phone.or(form.email).unwrap_or_default();
    format!("name={:?} city={:?} via={method:?} at {reach}", form.name, form.address.and_then(|a| a.city))
}

fn main() -> std::process::ExitCode {
    Server::new("mcp-conformance-fixtures")
        .version(env!("CARGO_PKG_VERSION"))
        .tools(tools![
            test_simple_text,
            test_image_content,
            test_audio_content,
            test_embedded_resource,
            test_multiple_content_types,
            test_tool_with_logging,
            test_tool_with_progress,
            test_error_handling,
            test_sampling,
            test_elicitation,
            test_elicitation_sep1034_defaults,
            test_elicitation_sep1330_enums,
            test_missing_capability,
            test_streaming_elicitation,
            test_logging_tool,
            test_input_required_result_elicitation,
            test_input_required_result_sampling,
            test_input_required_result_list_roots,
            test_input_required_result_request_state,
            test_input_required_result_multiple_inputs,
            test_input_required_result_multi_round,
            test_input_required_result_tampered_state,
            test_input_required_result_capabilities,
            test_custom_headers,
            json_schema_2020_12_tool,
            tasks::greet,
            tasks::slow_compute,
            tasks::failing_job,
            tasks::protocol_error_job,
            tasks::confirm_delete,
            tasks::multi_input,
            tasks::test_tool_with_task,
        ])
        .resources(resources![static_text, static_binary, template, watched_resource])
        .prompts(prompts![
            test_simple_prompt,
            test_prompt_with_arguments,
            test_prompt_with_embedded_resource,
            test_prompt_with_image,
            test_input_required_result_prompt
        ])
        .run()
}
