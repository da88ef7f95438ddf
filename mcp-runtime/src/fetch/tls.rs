//! TLS for `https://` URLs (feature `tls`): rustls with the Mozilla root
//! certificates, plus those in the PEM file `SSL_CERT_FILE` names.

use std::sync::{Arc, OnceLock};

use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

use super::FetchError;

/// Opens TLS to `host` (a name, or an IP address without brackets) over
/// `stream`, checking its certificate.
pub(crate) async fn connect(host: &str, stream: TcpStream) -> Result<TlsStream<TcpStream>, FetchError> {
    let config = config()?;
    let name = ServerName::try_from(host.to_owned())
        .map_err(|e| FetchError::Tls(format!("`{host}` is not a name TLS can check: {e}")))?;
    TlsConnector::from(config)
        .connect(name, stream)
        .await
        .map_err(|e| FetchError::Tls(format!("TLS with {host} failed: {e}")))
}

/// The client configuration, built once.
fn config() -> Result<Arc<ClientConfig>, FetchError> {
    static CONFIG: OnceLock<Result<Arc<ClientConfig>, FetchError>> = OnceLock::new();
    CONFIG.get_or_init(build_config).clone()
}

fn build_config() -> Result<Arc<ClientConfig>, FetchError> {
    let mut roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    if let Some(path) = std::env::var_os("SSL_CERT_FILE") {
        let shown = std::path::Path::new(&path).display().to_string();
        let certificates =
            CertificateDer::pem_file_iter(&path).map_err(|e| FetchError::Tls(format!("SSL_CERT_FILE {shown}: {e}")))?;
        for certificate in certificates {
            let certificate = certificate.map_err(|e| FetchError::Tls(format!("SSL_CERT_FILE {shown}: {e}")))?;
            roots.add(certificate).map_err(|e| FetchError::Tls(format!("SSL_CERT_FILE {shown}: {e}")))?;
        }
    }
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| FetchError::Tls(format!("TLS set-up failed: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}
