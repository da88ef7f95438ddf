//! Server TLS (`--tls-cert`, `--tls-key`) with a certificate generated for
//! the run: our `mcp` client over HTTPS (Streamable HTTP and legacy SSE)
//! and the official Python SDK over HTTPS, both trusting it through
//! `SSL_CERT_FILE`; a client that does not trust it is refused.

use std::process::Command;

use mcp_tests::{example, generated_certificate, python_with_sdk, run_python, HttpServer};

fn https_server() -> (HttpServer, std::path::PathBuf) {
    let (cert, key) = generated_certificate();
    let (cert_arg, key_arg) = (cert.to_string_lossy().into_owned(), key.to_string_lossy().into_owned());
    let args = ["--transport", "http", "--port", "0", "--tls-cert", &cert_arg, "--tls-key", &key_arg];
    (HttpServer::start_with(&example("quickstart"), &args), cert)
}

fn mcp(url: &str, trust: Option<&std::path::Path>) -> std::process::Output {
    let mut command = Command::new(example("mcp"));
    command.args(["call", url, "add_numbers", "a=5", "b=3"]).env_remove("SSL_CERT_FILE");
    if let Some(cert) = trust {
        command.env("SSL_CERT_FILE", cert);
    }
    command.output().expect("mcp runs")
}

#[test]
fn our_client_calls_over_https_and_legacy_sse_over_tls() {
    let (server, cert) = https_server();
    let log = server.log_lines().join("\n");
    assert!(log.contains(&format!("serving MCP at https://127.0.0.1:{}/mcp", server.port)), "{log}");
    for url in [format!("https://localhost:{}/mcp", server.port), format!("https://127.0.0.1:{}/sse", server.port)] {
        let out = mcp(&url, Some(&cert));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{url}: {stdout} {}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains('8'), "{url}: {stdout}");
    }
    let refused = mcp(&format!("https://localhost:{}/mcp", server.port), None);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(3), "an untrusted certificate is a connection error: {stderr}");
    assert!(stderr.contains("TLS") && stderr.contains("certificate"), "and says so: {stderr}");
}

#[test]
fn a_plain_http_request_to_a_tls_port_gets_no_answer_and_the_server_goes_on() {
    let (server, cert) = https_server();
    use std::io::{Read, Write};
    let mut plain = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    plain.set_read_timeout(Some(mcp_tests::STUCK)).expect("timeout");
    plain.write_all(b"POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}").expect("send");
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer);
    assert!(!answer.starts_with(b"HTTP/"), "no HTTP answer on a TLS port");
    let out = mcp(&format!("https://localhost:{}/mcp", server.port), Some(&cert));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_official_python_sdk_calls_over_https_in_both_eras() {
    let Some(python) = python_with_sdk() else { return };
    let (server, cert) = https_server();
    let url = format!("https://localhost:{}/mcp", server.port);
    let stdout = run_python(&python, "http_interop.py", &["streamable", &url], &[("SSL_CERT_FILE", &cert)]);
    assert!(stdout.contains("streamable http legacy ok") && stdout.contains("streamable http auto ok"), "{stdout}");
}

#[test]
fn a_missing_key_file_stops_the_server_with_a_message() {
    let (cert, _) = generated_certificate();
    let out = Command::new(example("quickstart"))
        .args(["--transport", "http", "--port", "0", "--tls-cert"])
        .arg(&cert)
        .args(["--tls-key", "/nonexistent/key.pem"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/key.pem"), "{stderr}");
}
