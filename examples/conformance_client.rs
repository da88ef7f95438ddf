//! A client for the official conformance suite's client scenarios: the suite
//! runs it with its mock server's URL as the last argument and the scenario's
//! name in `MCP_CONFORMANCE_SCENARIO`.
//!
//! ```text
//! npx @modelcontextprotocol/conformance client \
//!   --command "target/debug/examples/conformance_client" --scenario tools_call
//! ```
//!
//! `MCP_CONFORMANCE_PROTOCOL_VERSION` (from `--spec-version`) picks the
//! revision, and with it the lifecycle.
//!
//! Every scenario runs the same script: connect (Streamable HTTP), list the
//! tools, and call each with the arguments the scenario's context gives, or
//! else with arguments made from its input schema. The
//! scenarios check what the client does on the way: its handshake, the
//! arguments it sends, the defaults it fills into accepted elicitations, how
//! it resumes a broken response stream.
//!
//! The `auth/*` scenarios put the server behind their own authorization
//! server, which grants without asking anyone: the client authorizes with
//! [`FollowRedirects`], the pre-registered credentials the scenario's
//! context may give, and the suite's Client ID Metadata Document URL.

use std::process::ExitCode;

use mcp_runtime::client::oauth::{FollowRedirects, IdentityProvider, OAuth};
use mcp_runtime::client::SkillFiles;
use mcp_runtime::client::{Client, ClientOptions, ElicitationResponse};
use mcp_runtime::protocol::ProtocolVersion;
use serde_json::{json, Map, Value};

#[tokio::main]
async fn main() -> ExitCode {
    let Some(url) = std::env::args().nth(1).filter(|u| u.starts_with("http")) else {
        eprintln!("usage: conformance_client <server-url>");
        return ExitCode::from(2);
    };
    let scenario = std::env::var("MCP_CONFORMANCE_SCENARIO").unwrap_or_default();
    eprintln!("scenario `{scenario}` against {url}");
    let version = std::env::var("MCP_CONFORMANCE_PROTOCOL_VERSION").ok();
    let mut options = ClientOptions::named("conformance")
        .timeout(std::time::Duration::from_secs(30))
        .on_elicitation(|_| async { Ok(ElicitationResponse::accept(Map::new())) })
        .oauth(oauth());
    if let Some(version) = version.as_deref().and_then(ProtocolVersion::parse) {
        options = options.protocol_version(version);
    }
    let client = match Client::streamable_http(&url, options).await {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = match scenario.strip_prefix("sep-2640-client-") {
        Some(skills) => use_skills(&client, skills == "no-prefetch").await,
        None => exercise(&client).await,
    };
    client.close().await;
    code
}

/// The Skills scenarios: list the skills and, unless told only to list,
/// load the first and read its other files, each only once verified.
async fn use_skills(client: &Client, list_only: bool) -> ExitCode {
    let skills = match client.list_skills().await {
        Ok(skills) => skills,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(skill) = skills.first().filter(|_| !list_only) else { return ExitCode::SUCCESS };
    if let Err(e) = client.load_skill(skill).await {
        eprintln!("refused: {e}");
        return ExitCode::FAILURE;
    }
    if let SkillFiles::Listed(files) = &skill.resources {
        for file in files.iter().filter(|f| f.uri != skill.uri) {
            if let Err(e) = client.read_skill_file(skill, &file.uri).await {
                eprintln!("refused: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// Lists the tools and calls each one.
async fn exercise(client: &Client) -> ExitCode {
    let tools = match client.list_tools().await {
        Ok(tools) => tools,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut planned = planned_calls();
    // The schema-preservation scenario asks for the focal tool's input
    // schema back, verbatim, through its echo tool.
    if let Some(focal) = tools.iter().find(|t| t.name == "json_schema_2020_12_tool") {
        planned.entry("json_schema_echo".into()).or_insert_with(|| json!({ "schema": focal.input_schema }));
    }
    for tool in tools {
        let arguments = planned.get(&tool.name).cloned().unwrap_or_else(|| sample_arguments(&tool.input_schema));
        match client.call_tool(&tool.name, arguments).await {
            Ok(result) => eprintln!("{}: {:?}", tool.name, result.content),
            // A scenario's mock may not implement the call; that is its business.
            Err(e) => eprintln!("{}: {e}", tool.name),
        }
    }
    ExitCode::SUCCESS
}

/// The suite's URL for a client metadata document (it never fetches it).
const CLIENT_METADATA_URL: &str = "https://conformance-test.local/client-metadata.json";

/// OAuth as the auth scenarios expect: no browser, and the pre-registered
/// client from the context when there is one.
fn oauth() -> OAuth {
    let context = context();
    if context["name"] == "auth/client-credentials-basic" {
        let id = context["client_id"].as_str().unwrap_or_default();
        return OAuth::client_credentials(id, context["client_secret"].as_str().unwrap_or_default());
    }
    if context["name"] == "auth/client-credentials-jwt" {
        let id = context["client_id"].as_str().unwrap_or_default();
        return OAuth::client_credentials_jwt(id, context["private_key_pem"].as_str().unwrap_or_default());
    }
    if context["name"] == "auth/enterprise-managed-authorization" {
        let text = |key: &str| context[key].as_str().unwrap_or_default().to_owned();
        let idp = IdentityProvider::new(text("idp_token_endpoint"), text("idp_client_id"), text("idp_id_token"));
        return OAuth::enterprise(text("client_id"), text("client_secret"), idp);
    }
    if context["name"] == "auth/wif-jwt-bearer" {
        let assertion = context["valid_jwt"].as_str().unwrap_or_default().to_owned();
        return OAuth::jwt_bearer(context["client_id"].as_str().unwrap_or_default(), move || Ok(assertion.clone()));
    }
    let oauth = OAuth::new(FollowRedirects::new("http://localhost:3000/callback"))
        .client_name("mcp-runtime conformance client")
        .client_metadata_url(CLIENT_METADATA_URL);
    match context["client_id"].as_str() {
        Some(id) => oauth.client_id(id, context["client_secret"].as_str().map(str::to_owned)),
        None => oauth,
    }
}

/// `MCP_CONFORMANCE_CONTEXT`, or `null`.
fn context() -> Value {
    let context = std::env::var("MCP_CONFORMANCE_CONTEXT").unwrap_or_default();
    serde_json::from_str(&context).unwrap_or(Value::Null)
}

/// The arguments a scenario asks for, by tool (`MCP_CONFORMANCE_CONTEXT`'s
/// `toolCalls`).
fn planned_calls() -> std::collections::HashMap<String, Value> {
    let calls = context()["toolCalls"].as_array().cloned().unwrap_or_default();
    calls.into_iter().filter_map(|call| Some((call["name"].as_str()?.to_owned(), call["arguments"].clone()))).collect()
}

/// Arguments for the required properties of `schema`: small numbers, short
/// strings, `true`.
fn sample_arguments(schema: &Value) -> Value {
    let mut arguments = Map::new();
    let required = schema["required"].as_array().cloned().unwrap_or_default();
    for name in required.iter().filter_map(Value::as_str) {
        let value = match schema["properties"][name]["type"].as_str() {
            Some("number" | "integer") => json!(arguments.len() + 2),
            Some("boolean") => json!(true),
            Some("array") => json!([]),
            Some("object") => json!({}),
            _ => json!("test"),
        };
        arguments.insert(name.to_owned(), value);
    }
    Value::Object(arguments)
}
