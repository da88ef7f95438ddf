//! `https://` for the client (feature `tls`): this crate's server behind a
//! rustls listener on 127.0.0.1 with the self-signed certificate in
//! `tests/tls/` (test-only; valid for `localhost` and `127.0.0.1`). The `mcp`
//! example trusts it through `SSL_CERT_FILE`, and refuses it without.

use std::process::Command;
use std::sync::Arc;

use mcp_runtime::prelude::*;
use mcp_runtime::transport::http::HttpOptions;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// Add two numbers together.
#[tool]
async fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn certificate() -> std::path::PathBuf {
    mcp_tests::workspace_root().join("tests/tls/cert.pem")
}

/// Accepts TLS connections for axum.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, addr)) = self.tcp.accept().await else { continue };
            if let Ok(tls) = self.acceptor.accept(stream).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// Serves `add` over HTTPS; returns the port.
async fn serve_https() -> u16 {
    let key = mcp_tests::workspace_root().join("tests/tls/key.pem");
    let chain = vec![CertificateDer::from_pem_file(certificate()).expect("certificate")];
    let key = PrivateKeyDer::from_pem_file(key).expect("key");
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server config");
    let tcp = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = tcp.local_addr().expect("addr").port();
    let router = Server::new("tls").tools(tools![add]).into_router(HttpOptions::default()).expect("router");
    let listener = TlsListener { tcp, acceptor: TlsAcceptor::from(Arc::new(config)) };
    tokio::spawn(async move { axum::serve(listener, router).await });
    port
}

fn mcp(port: u16, trust: bool) -> std::process::Output {
    let mut command = Command::new(mcp_tests::example("mcp"));
    command.args(["call", &format!("https://localhost:{port}/mcp"), "add", "a=2", "b=3"]);
    command.env_remove("SSL_CERT_FILE");
    if trust {
        command.env("SSL_CERT_FILE", certificate());
    }
    command.output().expect("mcp runs")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_calls_a_tool_over_https_when_it_trusts_the_certificate() {
    let port = serve_https().await;
    let out = tokio::task::spawn_blocking(move || mcp(port, true)).await.expect("join");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains('5'), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untrusted_certificate_is_a_connection_error_that_says_so() {
    let port = serve_https().await;
    let out = tokio::task::spawn_blocking(move || mcp(port, false)).await.expect("join");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("TLS") && stderr.contains("certificate"), "{stderr}");
}
