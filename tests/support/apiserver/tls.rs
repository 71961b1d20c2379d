//! Certificates made at start (a CA, a server certificate for 127.0.0.1/localhost and a
//! client certificate) and the rustls server configuration.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;

/// The client certificate's common name, which is also the authenticated user name.
pub(super) const CLIENT_CN: &str = "ingressctl-test";

/// The generated key material, PEM-encoded where kubeconfigs need it.
pub(super) struct Pki {
    /// The CA certificate (PEM).
    pub ca_pem: String,
    /// The CA certificate (DER).
    ca_der: CertificateDer<'static>,
    /// The server certificate (DER).
    server_der: CertificateDer<'static>,
    /// The server key (PKCS#8 DER).
    server_key: Vec<u8>,
    /// The client certificate (PEM).
    pub client_cert_pem: String,
    /// The client key (PEM).
    pub client_key_pem: String,
}

/// Parameters for a leaf certificate.
fn leaf_params(common_name: &str, usage: ExtendedKeyUsagePurpose) -> CertificateParams {
    let mut params = CertificateParams::default();
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.extended_key_usages = vec![usage];
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params
}

/// Generates the CA, the server certificate and the client certificate.
pub(super) fn generate() -> Pki {
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::default();
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "standin-apiserver-ca");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca_params.self_signed(&ca_key).expect("CA certificate");
    let issuer = Issuer::new(ca_params, ca_key);

    let server_key = KeyPair::generate().expect("server key");
    let mut server_params = leaf_params("kube-apiserver", ExtendedKeyUsagePurpose::ServerAuth);
    server_params.subject_alt_names = vec![
        SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        SanType::DnsName("localhost".try_into().expect("DNS name")),
    ];
    let server_cert = server_params
        .signed_by(&server_key, &issuer)
        .expect("server certificate");

    let client_key = KeyPair::generate().expect("client key");
    let mut client_params = leaf_params(CLIENT_CN, ExtendedKeyUsagePurpose::ClientAuth);
    client_params
        .distinguished_name
        .push(DnType::OrganizationName, "system:masters");
    let client_cert = client_params
        .signed_by(&client_key, &issuer)
        .expect("client certificate");

    Pki {
        ca_pem: ca_cert.pem(),
        ca_der: ca_cert.der().clone(),
        server_der: server_cert.der().clone(),
        server_key: server_key.serialize_der(),
        client_cert_pem: client_cert.pem(),
        client_key_pem: client_key.serialize_pem(),
    }
}

/// The TLS server configuration; with `client_auth`, client certificates signed by the CA are
/// verified (unauthenticated handshakes are let through so the server can answer 401).
pub(super) fn server_config(pki: &Pki, client_auth: bool) -> Arc<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("TLS versions");
    let builder = if client_auth {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(pki.ca_der.clone()).expect("CA into roots");
        let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
            .allow_unauthenticated()
            .build()
            .expect("client verifier");
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.server_key.clone()));
    let mut config = builder
        .with_single_cert(vec![pki.server_der.clone()], key)
        .expect("server certificate");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}
