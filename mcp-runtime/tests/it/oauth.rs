//! The client's OAuth against an authorization server and a protected MCP
//! server on real sockets on 127.0.0.1: the server is this crate's own,
//! behind a bearer check; a "browser" task opens the authorization page and
//! follows its redirect to the client's loopback listener.
#![cfg(all(feature = "server-http", feature = "client-http"))]

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use axum::extract::{RawQuery, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use hmac_sha256::Hash;
use mcp_runtime::client::oauth::{Loopback, OAuth};
use mcp_runtime::client::{Client, ClientOptions, Error};
use mcp_runtime::prelude::*;
use mcp_runtime::transport::http::HttpOptions;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Add two numbers together.
#[tool]
async fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// What the authorization server saw and holds.
#[derive(Default)]
struct Books {
    /// The PKCE challenge of the last authorization request.
    challenge: Option<String>,
    /// The `resource` of each authorization and token request.
    resources: Vec<String>,
    authorizations: usize,
    refreshes: usize,
    /// Client credentials grants.
    machine_grants: usize,
    /// Access tokens the MCP server accepts.
    valid: HashSet<String>,
    issued: usize,
    /// Whether the authorization page refuses.
    deny: bool,
}

type Shared = Arc<Mutex<Books>>;

fn json_response(status: StatusCode, body: serde_json::Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

fn params(text: &str) -> HashMap<String, String> {
    text.split('&').filter_map(|pair| pair.split_once('=')).map(|(k, v)| (decode(k), decode(v))).collect()
}

fn decode(text: &str) -> String {
    let mut out = Vec::new();
    let bytes = text.replace('+', " ").into_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Serves the MCP server at `/mcp` behind a bearer check, its metadata, and
/// an authorization server with the issuer `<origin>/auth`.
async fn serve(books: Shared) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let origin = format!("http://127.0.0.1:{}", listener.local_addr().expect("addr").port());
    let mcp = Server::new("protected").tools(tools![add]).into_router(HttpOptions::default()).expect("router");
    let guard_books = Arc::clone(&books);
    let guard_origin = origin.clone();
    let mcp = mcp.layer(middleware::from_fn(move |request: Request, next: Next| {
        let (books, origin) = (Arc::clone(&guard_books), guard_origin.clone());
        async move {
            let token = request.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
            let token = token.and_then(|t| t.strip_prefix("Bearer ")).unwrap_or_default().to_owned();
            if books.lock().expect("books").valid.contains(&token) {
                return next.run(request).await;
            }
            let challenge = format!(
                r#"Bearer resource_metadata="{origin}/.well-known/oauth-protected-resource/mcp", scope="notes:read""#
            );
            (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, challenge)]).into_response()
        }
    }));
    let app = Router::new()
        .route("/.well-known/oauth-protected-resource/mcp", get(resource_metadata))
        .route("/.well-known/oauth-authorization-server/auth", get(server_metadata))
        .route(
            "/auth/register",
            post(|| async { json_response(StatusCode::CREATED, json!({"client_id": "client-1"})) }),
        )
        .route("/auth/authorize", get(authorize))
        .route("/auth/token", post(token))
        .with_state((books, origin.clone()))
        .merge(mcp);
    tokio::spawn(async move { axum::serve(listener, app).await });
    origin
}

type AppState = axum::extract::State<(Shared, String)>;

async fn resource_metadata(axum::extract::State((_, origin)): AppState) -> Response {
    json_response(
        StatusCode::OK,
        json!({"resource": format!("{origin}/mcp"), "authorization_servers": [format!("{origin}/auth")]}),
    )
}

async fn server_metadata(axum::extract::State((_, origin)): AppState) -> Response {
    json_response(
        StatusCode::OK,
        json!({
            "issuer": format!("{origin}/auth"),
            "authorization_endpoint": format!("{origin}/auth/authorize"),
            "token_endpoint": format!("{origin}/auth/token"),
            "registration_endpoint": format!("{origin}/auth/register"),
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": true,
            "scopes_supported": ["notes:read", "offline_access"],
        }),
    )
}

async fn authorize(axum::extract::State((books, origin)): AppState, RawQuery(query): RawQuery) -> Response {
    let query = params(&query.unwrap_or_default());
    let mut books = books.lock().expect("books");
    books.authorizations += 1;
    books.challenge = query.get("code_challenge").cloned();
    books.resources.extend(query.get("resource").cloned());
    assert_eq!(query.get("scope").map(String::as_str), Some("notes:read offline_access"));
    let outcome = if books.deny { "error=access_denied" } else { "code=code-1" };
    let location = format!(
        "{}?{outcome}&state={}&iss={}",
        query["redirect_uri"],
        query["state"],
        format!("{origin}/auth").replace(':', "%3A").replace('/', "%2F")
    );
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

async fn token(axum::extract::State((books, _)): AppState, headers: HeaderMap, body: String) -> Response {
    let form = params(&body);
    let mut books = books.lock().expect("books");
    books.resources.extend(form.get("resource").cloned());
    match form["grant_type"].as_str() {
        "authorization_code" => {
            let verifier = form.get("code_verifier").expect("a PKCE verifier");
            assert_eq!(Some(base64url(&Hash::hash(verifier.as_bytes()))), books.challenge, "S256 of the verifier");
            assert_eq!(form["client_id"], "client-1");
        }
        "client_credentials" => {
            let basic = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
            assert!(basic.starts_with("Basic "), "the secret goes in a Basic header: {basic}");
            assert!(!form.contains_key("code_verifier"));
            books.machine_grants += 1;
        }
        "refresh_token" => {
            assert_eq!(form["refresh_token"], "refresh-1");
            books.refreshes += 1;
        }
        other => panic!("unexpected grant {other}"),
    }
    books.issued += 1;
    let access = format!("access-{}", books.issued);
    books.valid.insert(access.clone());
    json_response(
        StatusCode::OK,
        json!({"access_token": access, "token_type": "Bearer", "expires_in": 60, "refresh_token": "refresh-1"}),
    )
}

/// A "browser": opens `url` (expecting a redirect) and follows it once.
async fn browse(url: String) {
    let location = http_get(&url).await;
    http_get(&location).await;
}

/// GETs `url` and returns its `Location` header (or "").
async fn http_get(url: &str) -> String {
    let rest = url.strip_prefix("http://").expect("http url");
    let (authority, path) = rest.split_once('/').expect("a path");
    let mut stream = tokio::net::TcpStream::connect(authority).await.expect("connect");
    let request = format!("GET /{path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("read");
    let location = answer.lines().find_map(|l| l.strip_prefix("location: ").or_else(|| l.strip_prefix("Location: ")));
    location.unwrap_or_default().trim().to_owned()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn oauth_with_browser() -> OAuth {
    let loopback = Loopback::new(free_port()).on_url(|url| {
        tokio::spawn(browse(url.to_owned()));
    });
    OAuth::new(loopback).client_name("oauth test")
}

#[tokio::test]
async fn a_401_leads_through_the_browser_to_a_token_and_the_call() {
    let books = Shared::default();
    let origin = serve(Arc::clone(&books)).await;
    let oauth = oauth_with_browser();
    let options = ClientOptions::named("protected").oauth(oauth.clone());
    let client = Client::streamable_http(&format!("{origin}/mcp"), options).await.expect("authorized and connected");
    let sum = client.call_tool("add", json!({"a": 2, "b": 3})).await.expect("call");
    assert_eq!(sum.structured_content, Some(json!({"result": 5})));
    assert_eq!(oauth.access_token(&format!("{origin}/mcp")).as_deref(), Some("access-1"));
    let books = books.lock().expect("books");
    assert_eq!(books.authorizations, 1);
    assert_eq!(books.resources, [format!("{origin}/mcp"), format!("{origin}/mcp")], "RFC 8707 resource, both times");
}

#[tokio::test]
async fn a_revoked_token_is_refreshed_without_asking_the_user_again() {
    let books = Shared::default();
    let origin = serve(Arc::clone(&books)).await;
    let options = ClientOptions::named("protected").oauth(oauth_with_browser());
    let client = Client::streamable_http(&format!("{origin}/mcp"), options).await.expect("connected");
    books.lock().expect("books").valid.clear();
    let sum = client.call_tool("add", json!({"a": 1, "b": 1})).await.expect("call after refresh");
    assert_eq!(sum.structured_content, Some(json!({"result": 2})));
    let books = books.lock().expect("books");
    assert_eq!((books.authorizations, books.refreshes), (1, 1));
}

#[tokio::test]
async fn a_refusal_is_an_authorization_error_naming_the_reason() {
    let books = Shared::default();
    books.lock().expect("books").deny = true;
    let origin = serve(Arc::clone(&books)).await;
    let options = ClientOptions::named("protected").oauth(oauth_with_browser());
    match Client::streamable_http(&format!("{origin}/mcp"), options).await {
        Err(Error::Authorization { server, detail }) => {
            assert_eq!(server, "protected");
            assert!(detail.contains("access_denied"), "{detail}");
        }
        Err(other) => panic!("expected an authorization error, got {other}"),
        Ok(_) => panic!("connected without authorization"),
    }
    assert_eq!(books.lock().expect("books").authorizations, 1, "no retry after the user refused");
}

#[tokio::test]
async fn without_oauth_a_protected_server_is_an_http_401() {
    let origin = serve(Shared::default()).await;
    let options = ClientOptions::named("protected");
    let error = Client::streamable_http(&format!("{origin}/mcp"), options).await.err().expect("refused");
    assert!(error.to_string().contains("401") && error.to_string().contains("ClientOptions::oauth"), "{error}");
}

#[tokio::test]
async fn a_machine_client_uses_the_client_credentials_grant_and_no_browser() {
    let books = Shared::default();
    let origin = serve(Arc::clone(&books)).await;
    let options = ClientOptions::named("protected").oauth(OAuth::client_credentials("client-1", "s3cret"));
    let client = Client::streamable_http(&format!("{origin}/mcp"), options).await.expect("connected");
    client.list_tools().await.expect("list");
    let books = books.lock().expect("books");
    assert_eq!((books.machine_grants, books.authorizations), (1, 0));
}
