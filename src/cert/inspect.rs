//! Reading certificates, keys and TLS Secrets back: what `cert inspect` prints and what
//! `cert secret` checks (key matches, chain order, expiry).

use anyhow::{Context, Result, bail};
use rcgen::{KeyPair, PublicKeyData};
use serde::Serialize;
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;
use x509_parser::x509::SubjectPublicKeyInfo;

/// What a certificate says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertInfo {
    /// Subject DN.
    pub subject: String,
    /// Subject alternative names, as `DNS:name` or `IP:addr`.
    pub sans: Vec<String>,
    /// Issuer DN.
    pub issuer: String,
    /// Serial number, hex.
    pub serial: String,
    /// Not before (RFC 3339).
    pub not_before: String,
    /// Not after (RFC 3339).
    pub not_after: String,
    /// Whole days until expiry (negative when expired).
    pub days_left: i64,
    /// Public key type and size, e.g. `RSA 2048`.
    pub key: String,
    /// True for a CA certificate.
    pub is_ca: bool,
    /// Subject public key info (DER), to compare with keys.
    #[serde(skip)]
    pub spki: Vec<u8>,
}

impl CertInfo {
    /// True when the certificate is past its not-after time.
    pub fn expired(&self) -> bool {
        self.days_left < 0
    }

    /// True when a host name is covered by a SAN (wildcards match one label).
    pub fn covers_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.sans.iter().any(|san| match san.strip_prefix("DNS:") {
            Some(name) if name.starts_with("*.") => host
                .split_once('.')
                .is_some_and(|(first, rest)| !first.is_empty() && rest == &name[2..]),
            Some(name) => name == host,
            None => san.strip_prefix("IP:") == Some(host.as_str()),
        })
    }
}

/// Every PEM block of a text, with its tag.
pub fn pem_blocks(text: &str) -> Result<Vec<pem::Pem>> {
    pem::parse_many(text).context("not valid PEM")
}

/// Parses the first certificate of a PEM text (errors name what was found instead).
pub fn certificate(pem_text: &str) -> Result<CertInfo> {
    let blocks = pem_blocks(pem_text)?;
    let Some(first) = blocks.first() else {
        bail!("no PEM block found (expected -----BEGIN CERTIFICATE-----)");
    };
    match first.tag() {
        "CERTIFICATE" => cert_info(first.contents()),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            bail!("this is a certificate signing request (CSR), not a certificate")
        }
        tag if tag.ends_with("PRIVATE KEY") => bail!("this is a private key, not a certificate"),
        tag => bail!("this is a PEM {tag}, not a certificate"),
    }
}

/// Every certificate of a PEM chain, in file order.
pub fn chain(pem_text: &str) -> Result<Vec<CertInfo>> {
    pem_blocks(pem_text)?
        .iter()
        .filter(|b| b.tag() == "CERTIFICATE")
        .map(|b| cert_info(b.contents()))
        .collect()
}

fn cert_info(der: &[u8]) -> Result<CertInfo> {
    let (_, cert) = X509Certificate::from_der(der)
        .map_err(|e| anyhow::anyhow!("not a valid X.509 certificate: {e}"))?;
    let mut sans = Vec::new();
    if let Ok(Some(ext)) = cert.subject_alternative_name() {
        for name in &ext.value.general_names {
            match name {
                GeneralName::DNSName(d) => sans.push(format!("DNS:{d}")),
                GeneralName::IPAddress(bytes) => sans.push(format!("IP:{}", ip_text(bytes))),
                other => sans.push(format!("{other}")),
            }
        }
    }
    let not_after = cert.validity().not_after.to_datetime();
    let now = time::OffsetDateTime::now_utc();
    let rfc3339 = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| t.to_string())
    };
    Ok(CertInfo {
        subject: cert.subject().to_string(),
        sans,
        issuer: cert.issuer().to_string(),
        serial: cert.raw_serial_as_string(),
        not_before: rfc3339(cert.validity().not_before.to_datetime()),
        not_after: rfc3339(not_after),
        days_left: (not_after - now).whole_days(),
        key: key_description(cert.public_key()),
        is_ca: cert.is_ca(),
        spki: cert.public_key().raw.to_vec(),
    })
}

fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => std::net::Ipv4Addr::from(<[u8; 4]>::try_from(bytes).unwrap_or_default()).to_string(),
        16 => std::net::Ipv6Addr::from(<[u8; 16]>::try_from(bytes).unwrap_or_default()).to_string(),
        _ => format!("{bytes:02x?}"),
    }
}

/// `RSA 2048`, `ECDSA P-256`, `Ed25519`, ...
pub fn key_description(spki: &SubjectPublicKeyInfo) -> String {
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => format!("RSA {}", rsa.key_size()),
        Ok(PublicKey::EC(ec)) => match ec.key_size() {
            256 => "ECDSA P-256".into(),
            384 => "ECDSA P-384".into(),
            521 => "ECDSA P-521".into(),
            n => format!("ECDSA {n}"),
        },
        _ if spki.algorithm.algorithm.to_id_string() == "1.3.101.112" => "Ed25519".into(),
        _ => format!("unknown ({})", spki.algorithm.algorithm.to_id_string()),
    }
}

/// Reads a PEM private key, naming what was found when it is something else.
pub fn private_key(pem_text: &str) -> Result<KeyPair> {
    let blocks = pem_blocks(pem_text)?;
    let Some(first) = blocks.iter().find(|b| b.tag().ends_with("PRIVATE KEY")) else {
        match blocks.first().map(pem::Pem::tag) {
            Some("CERTIFICATE") => bail!("this is a certificate, not a private key"),
            Some(tag) => bail!("this is a PEM {tag}, not a private key"),
            None => bail!("no PEM block found (expected -----BEGIN PRIVATE KEY-----)"),
        }
    };
    if first.tag() == "ENCRYPTED PRIVATE KEY" {
        bail!(
            "the private key is encrypted; decrypt it first (openssl pkey -in KEY -out plain.key)"
        );
    }
    KeyPair::from_pem(&pem::encode(first))
        .context("unsupported private key (use PKCS#8, RSA, ECDSA P-256/P-384 or Ed25519)")
}

/// Describes a private key: type and size.
pub fn key_info(key: &KeyPair) -> String {
    let spki = key.subject_public_key_info();
    SubjectPublicKeyInfo::from_der(&spki)
        .map_or_else(|_| "unknown".into(), |(_, s)| key_description(&s))
}

/// Fails unless `key` is the private key of the first certificate in `cert_pem`.
pub fn ensure_key_matches(cert_pem: &str, key: &KeyPair) -> Result<()> {
    let info = certificate(cert_pem)?;
    if info.spki != key.subject_public_key_info() {
        bail!("the private key does not belong to the certificate (public keys differ)");
    }
    Ok(())
}
