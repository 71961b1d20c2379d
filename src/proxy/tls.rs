//! HTTPS: certificates by host (SNI), a default certificate, ALPN `h2` and `http/1.1`.
//!
//! Certificates live in the route table, so a reload swaps them with the routes; the rustls
//! resolver reads whichever table is current at handshake time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use serde_json::json;

use crate::cert::{inspect, secret::DEFAULT_NAME, secret::DEFAULT_NAMESPACE, secret::pems};
use crate::manifest::Ingress;
use crate::manifest::snapshot::Snapshot;

/// A certificate ready for rustls, with what it says about itself.
#[derive(Debug, Clone)]
struct Loaded {
    key: Arc<CertifiedKey>,
    source: String,
    subject: String,
    sans: Vec<String>,
    not_after: String,
}

/// Certificates by SNI host name, plus the default for clients without SNI.
#[derive(Debug, Default)]
pub struct CertStore {
    exact: HashMap<String, Loaded>,
    wildcard: HashMap<String, Loaded>,
    default: Option<Loaded>,
}

fn load_pem(cert_pem: &str, key_pem: &str, source: &str) -> Result<Loaded> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .collect::<Result<_, _>>()
        .with_context(|| format!("{source}: the certificate is not valid PEM"))?;
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
        .with_context(|| format!("{source}: no private key"))?;
    let signing = crate::cert::tls_provider()
        .key_provider
        .load_private_key(key)
        .with_context(|| format!("{source}: unsupported private key"))?;
    let info = inspect::certificate(cert_pem).with_context(|| source.to_string())?;
    let key = CertifiedKey::new(certs, signing);
    // rustls's own text ends in a Debug name (`KeyMismatch`): say it in words instead.
    if key.keys_match().is_err() {
        anyhow::bail!("{source}: the key does not belong to the certificate");
    }
    Ok(Loaded {
        key: Arc::new(key),
        source: source.to_string(),
        subject: info.subject,
        sans: info.sans,
        not_after: info.not_after,
    })
}

/// Checks a certificate and key given as files (`serve --tls-cert/--tls-key`) before serving:
/// `Ok(Err(reason))` when they are read but are not a usable pair, `Err` when a file cannot be
/// read at all.
pub fn check_files(cert: &Path, key: &Path) -> Result<Result<(), String>> {
    let cert_pem =
        std::fs::read_to_string(cert).with_context(|| format!("cannot read {}", cert.display()))?;
    let key_pem =
        std::fs::read_to_string(key).with_context(|| format!("cannot read {}", key.display()))?;
    Ok(load_pem(&cert_pem, &key_pem, &cert.display().to_string())
        .map(|_| ())
        .map_err(|e| format!("{e:#}")))
}

fn load_files(cert: &Path, key: &Path) -> Result<Loaded> {
    let cert_pem =
        std::fs::read_to_string(cert).with_context(|| format!("cannot read {}", cert.display()))?;
    let key_pem =
        std::fs::read_to_string(key).with_context(|| format!("cannot read {}", key.display()))?;
    load_pem(&cert_pem, &key_pem, &cert.display().to_string())
}

fn secret_cert(snap: &Snapshot, namespace: &str, name: &str) -> Option<Result<Loaded>> {
    let s = snap.secret(namespace, name)?;
    let source = format!("Secret {namespace}/{name}");
    Some(pems(s).and_then(|(crt, key)| load_pem(&crt, &key.unwrap_or_default(), &source)))
}

impl CertStore {
    /// Collects certificates: each TLS Ingress's secrets for its hosts, and the default
    /// (`--tls-cert`, else the `istio-ingress-certs` Secret, else the guide's mount directory,
    /// else the first Ingress certificate).
    pub fn build(
        snap: &Snapshot,
        ingresses: &[&Ingress],
        default_cert: Option<&(PathBuf, PathBuf)>,
        cert_dir: &Path,
        warnings: &mut Vec<String>,
    ) -> Result<Self> {
        let mut store = CertStore::default();
        if let Some((cert, key)) = default_cert {
            store.default = Some(load_files(cert, key)?);
        } else if let Some(loaded) = secret_cert(snap, DEFAULT_NAMESPACE, DEFAULT_NAME) {
            store.default = Some(loaded?);
        } else if cert_dir.join("tls.crt").exists() && cert_dir.join("tls.key").exists() {
            store.default = Some(load_files(
                &cert_dir.join("tls.crt"),
                &cert_dir.join("tls.key"),
            )?);
        }
        for ing in ingresses {
            for entry in &ing.tls {
                let Some(secret) = &entry.secret_name else {
                    continue;
                };
                let found = secret_cert(snap, ing.namespace(), secret).or_else(|| {
                    (secret == DEFAULT_NAME)
                        .then(|| secret_cert(snap, DEFAULT_NAMESPACE, DEFAULT_NAME))
                        .flatten()
                });
                let loaded = match found {
                    Some(result) => result?,
                    None => {
                        warnings.push(format!(
                            "Ingress {}/{}: Secret {secret} not found; its hosts get the default certificate",
                            ing.namespace(),
                            ing.meta.name
                        ));
                        continue;
                    }
                };
                if entry.hosts.is_empty() && store.default.is_none() {
                    store.default = Some(loaded.clone());
                }
                for host in &entry.hosts {
                    let host = host.to_ascii_lowercase();
                    match host.strip_prefix("*.") {
                        Some(suffix) => store
                            .wildcard
                            .entry(suffix.to_string())
                            .or_insert_with(|| loaded.clone()),
                        None => store.exact.entry(host).or_insert_with(|| loaded.clone()),
                    };
                }
            }
        }
        if store.default.is_none() {
            store.default = store
                .exact
                .values()
                .chain(store.wildcard.values())
                .next()
                .cloned();
        }
        Ok(store)
    }

    /// True when a default certificate exists.
    pub fn has_default(&self) -> bool {
        self.default.is_some()
    }

    /// True when no certificate at all is loaded.
    pub fn is_empty(&self) -> bool {
        self.default.is_none() && self.exact.is_empty() && self.wildcard.is_empty()
    }

    /// The certificate for an SNI name (exact, then wildcard), else the default.
    pub fn resolve(&self, sni: Option<&str>) -> Option<Arc<CertifiedKey>> {
        let by_name = sni.and_then(|name| {
            let name = name.to_ascii_lowercase();
            self.exact
                .get(&name)
                .or_else(|| {
                    name.split_once('.')
                        .and_then(|(_, rest)| self.wildcard.get(rest))
                })
                .cloned()
        });
        by_name.or_else(|| self.default.clone()).map(|l| l.key)
    }

    /// The certificates as data, for `/config_dump`.
    pub fn describe(&self) -> serde_json::Value {
        let one = |host: String, l: &Loaded| json!({"sni": host, "source": l.source, "subject": l.subject, "sans": l.sans, "notAfter": l.not_after});
        let mut list: Vec<serde_json::Value> =
            self.exact.iter().map(|(h, l)| one(h.clone(), l)).collect();
        list.extend(self.wildcard.iter().map(|(s, l)| one(format!("*.{s}"), l)));
        if let Some(d) = &self.default {
            list.push(one("(default)".into(), d));
        }
        serde_json::Value::Array(list)
    }
}

/// Whatever holds the certificates being served now (the current route table), asked on every
/// TLS handshake.
pub trait Certificates: Send + Sync + std::fmt::Debug {
    /// The certificate for an SNI name, else the default.
    fn resolve(&self, sni: Option<&str>) -> Option<Arc<CertifiedKey>>;
}

/// The rustls resolver: asks whatever holds the current certificates.
#[derive(Debug)]
pub struct SniResolver {
    certs: Arc<dyn Certificates>,
}

impl ResolvesServerCert for SniResolver {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.certs.resolve(hello.server_name())
    }
}

/// The server configuration for the HTTPS listener.
pub fn server_config(certs: Arc<dyn Certificates>) -> Result<Arc<rustls::ServerConfig>> {
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(server_provider()))
        .with_safe_default_protocol_versions()
        .context("configuring TLS")?
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(SniResolver { certs }));
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    config.ignore_client_order = true;
    Ok(Arc::new(config))
}

/// The crypto provider of the HTTPS listener: the default suites, AES-128-GCM with SHA-256
/// first and chosen by the server's order, as Envoy (BoringSSL) does. A client listing
/// AES-256-GCM with SHA-384 first (OpenSSL's default) would otherwise have every handshake's
/// key schedule run on SHA-512, which aws-lc computes without CPU extensions on AMD
/// processors: a quarter of a new connection's CPU in the profile.
fn server_provider() -> rustls::crypto::CryptoProvider {
    let mut provider = rustls::crypto::aws_lc_rs::default_provider();
    provider
        .cipher_suites
        .sort_by_key(|suite| match suite.suite() {
            rustls::CipherSuite::TLS13_AES_128_GCM_SHA256 => 0,
            rustls::CipherSuite::TLS13_AES_256_GCM_SHA384 => 1,
            rustls::CipherSuite::TLS13_CHACHA20_POLY1305_SHA256 => 2,
            rustls::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
            | rustls::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 => 3,
            _ => 4,
        });
    provider
}
