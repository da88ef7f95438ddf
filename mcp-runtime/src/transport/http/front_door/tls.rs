//! Server TLS (feature `tls`): a rustls acceptor from PEM files.

use std::io::{Error, ErrorKind};
use std::path::Path;
use std::sync::Arc;

use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

use crate::transport::http::options::TlsFiles;

/// The acceptor for `files`; an error names the file at fault.
pub(in crate::transport::http) fn acceptor(files: &TlsFiles) -> std::io::Result<TlsAcceptor> {
    let chain = certificates(&files.cert)?;
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| invalid(&files.key, "a private key", e))?;
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::new(ErrorKind::InvalidInput, format!("TLS set-up failed: {e}")))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| {
            let (cert, key) = (files.cert.display(), files.key.display());
            Error::new(ErrorKind::InvalidInput, format!("the TLS key {key} does not fit the certificate {cert}: {e}"))
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

fn certificates(path: &Path) -> std::io::Result<Vec<CertificateDer<'static>>> {
    let chain = CertificateDer::pem_file_iter(path)
        .map_err(|e| invalid(path, "certificates", e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid(path, "certificates", e))?;
    if chain.is_empty() {
        return Err(Error::new(ErrorKind::InvalidInput, format!("{} holds no PEM certificate", path.display())));
    }
    Ok(chain)
}

fn invalid(path: &Path, what: &str, error: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::InvalidInput, format!("cannot read {what} from {}: {error}", path.display()))
}
