//! Certificates: key generation, self-signed and CA-issued certificates (rcgen on aws-lc-rs),
//! inspection (x509-parser), the `kubernetes.io/tls` Secret, and safe key files.
//!
//! One crypto provider for the whole binary: aws-lc-rs (rcgen needs it to generate RSA keys,
//! and rustls uses the same one).

pub mod files;
pub mod inspect;
pub mod secret;

/// The TLS crypto provider of the whole binary (aws-lc-rs, as rcgen uses): the proxy's
/// listeners and `verify`'s clients share it.
pub fn tls_provider() -> std::sync::Arc<rustls::crypto::CryptoProvider> {
    std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

use std::net::IpAddr;

use anyhow::{Context, Result, bail};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, RsaKeySize, SanType, SerialNumber, SignatureAlgorithm,
};
use time::{Duration, OffsetDateTime};

/// The key types `cert gen --key-type` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum KeyType {
    /// RSA 2048 bits (the guide's openssl default).
    #[default]
    #[value(name = "rsa2048")]
    Rsa2048,
    /// RSA 3072 bits.
    #[value(name = "rsa3072")]
    Rsa3072,
    /// RSA 4096 bits.
    #[value(name = "rsa4096")]
    Rsa4096,
    /// ECDSA on P-256 with SHA-256.
    #[value(name = "ecdsa-p256")]
    EcdsaP256,
    /// ECDSA on P-384 with SHA-384.
    #[value(name = "ecdsa-p384")]
    EcdsaP384,
    /// Ed25519.
    #[value(name = "ed25519")]
    Ed25519,
}

impl KeyType {
    /// Every key type, for benchmarks and tests.
    pub const ALL: &'static [KeyType] = &[
        KeyType::Rsa2048,
        KeyType::Rsa3072,
        KeyType::Rsa4096,
        KeyType::EcdsaP256,
        KeyType::EcdsaP384,
        KeyType::Ed25519,
    ];

    fn algorithm(self) -> &'static SignatureAlgorithm {
        match self {
            KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 => &rcgen::PKCS_RSA_SHA256,
            KeyType::EcdsaP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            KeyType::EcdsaP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            KeyType::Ed25519 => &rcgen::PKCS_ED25519,
        }
    }

    fn is_rsa(self) -> bool {
        matches!(self, KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096)
    }
}

/// Generates a private key of the given type.
pub fn generate_key(key_type: KeyType) -> Result<KeyPair> {
    let alg = key_type.algorithm();
    let key = match key_type {
        KeyType::Rsa2048 => KeyPair::generate_rsa_for(alg, RsaKeySize::_2048),
        KeyType::Rsa3072 => KeyPair::generate_rsa_for(alg, RsaKeySize::_3072),
        KeyType::Rsa4096 => KeyPair::generate_rsa_for(alg, RsaKeySize::_4096),
        _ => KeyPair::generate_for(alg),
    };
    key.context("generating the private key")
}

/// A certificate and its private key, PEM encoded.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The certificate.
    pub cert_pem: String,
    /// The private key (PKCS#8).
    pub key_pem: String,
}

/// The CA that signs a leaf: its certificate and key, PEM encoded.
#[derive(Debug, Clone)]
pub struct CaInput {
    /// CA certificate.
    pub cert_pem: String,
    /// CA private key.
    pub key_pem: String,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenRequest {
    /// Subject common name.
    pub common_name: String,
    /// Extra subject alternative names (DNS names, wildcards, IP addresses).
    pub sans: Vec<String>,
    /// Validity in days.
    pub days: u32,
    /// Key type.
    pub key_type: KeyType,
    /// Make a CA certificate instead of a leaf.
    pub is_ca: bool,
    /// Sign with this CA instead of self-signing.
    pub issuer: Option<CaInput>,
}

/// A SAN typed from text: an IP address when it parses as one, otherwise a DNS name.
pub fn san_from_text(text: &str) -> Result<SanType> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(SanType::IpAddress(ip));
    }
    let valid = !text.is_empty()
        && text.trim_start_matches("*.").split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !valid {
        bail!(
            "`{text}` is neither an IP address nor a DNS name (wildcards only as `*.example.com`)"
        );
    }
    Ok(SanType::DnsName(
        text.to_ascii_lowercase()
            .try_into()
            .context("encoding the DNS name")?,
    ))
}

fn random_serial() -> Result<SerialNumber> {
    let mut bytes = [0u8; 16];
    rustls::crypto::aws_lc_rs::default_provider()
        .secure_random
        .fill(&mut bytes)
        .map_err(|_| anyhow::anyhow!("the system random number generator failed"))?;
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01;
    Ok(SerialNumber::from_slice(&bytes))
}

/// The certificate parameters for a request (no key involved).
pub fn params(req: &GenRequest) -> Result<CertificateParams> {
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, req.common_name.as_str());
    params.distinguished_name = dn;
    let now = OffsetDateTime::now_utc();
    params.not_before = now - Duration::minutes(5);
    params.not_after = now + Duration::days(i64::from(req.days));
    params.serial_number = Some(random_serial()?);
    if req.is_ca {
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        return Ok(params);
    }
    let mut names = Vec::new();
    if san_from_text(&req.common_name).is_ok() {
        names.push(req.common_name.clone());
    }
    for san in &req.sans {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(san)) {
            names.push(san.clone());
        }
    }
    params.subject_alt_names = names
        .iter()
        .map(|n| san_from_text(n).with_context(|| format!("invalid --san {n:?}")))
        .collect::<Result<_>>()?;
    params.key_usages = if req.key_type.is_rsa() {
        vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ]
    } else {
        vec![KeyUsagePurpose::DigitalSignature]
    };
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = req.issuer.is_some();
    Ok(params)
}

/// Generates a key and a certificate: self-signed, a CA, or signed by the given CA.
pub fn generate(req: &GenRequest) -> Result<Bundle> {
    if req.days == 0 {
        bail!("--days must be at least 1");
    }
    let params = params(req)?;
    let key = generate_key(req.key_type)?;
    let cert = match &req.issuer {
        None => params
            .self_signed(&key)
            .context("signing the certificate")?,
        Some(ca) => {
            let ca_key = KeyPair::from_pem(&ca.key_pem)
                .context("the CA key is not a PEM private key rcgen can use")?;
            inspect::ensure_key_matches(&ca.cert_pem, &ca_key)
                .context("the CA key does not belong to the CA certificate")?;
            let ca_info = inspect::certificate(&ca.cert_pem)?;
            if !ca_info.is_ca {
                bail!("the CA certificate is not a CA (no basicConstraints CA:TRUE)");
            }
            let issuer = Issuer::from_ca_cert_pem(&ca.cert_pem, ca_key)
                .context("reading the CA certificate")?;
            params
                .signed_by(&key, &issuer)
                .context("signing the certificate with the CA")?
        }
    };
    Ok(Bundle {
        cert_pem: cert.pem(),
        key_pem: portable_key_pem(&key),
    })
}

/// The PKCS#8 v2 body aws-lc-rs writes for Ed25519 after the outer SEQUENCE header
/// (version 1, the Ed25519 OID, the 32-byte private key; the public key follows).
const ED25519_PKCS8_V2_BODY: [u8; 14] = [
    0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];
/// The RFC 8410 PKCS#8 v1 prefix for Ed25519, which OpenSSL 3.0 reads.
const ED25519_PKCS8_V1_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// The key as PEM that OpenSSL, Go and rustls all read: Ed25519 keys are rewritten from
/// PKCS#8 v2 (private key plus public key, which OpenSSL 3.0 rejects) to the plain v1 form.
pub fn portable_key_pem(key: &KeyPair) -> String {
    let der = key.serialize_der();
    if der.len() >= 48 && der[0] == 0x30 && der[2..16] == ED25519_PKCS8_V2_BODY {
        let mut v1 = ED25519_PKCS8_V1_PREFIX.to_vec();
        v1.extend_from_slice(&der[16..48]);
        return pem::encode(&pem::Pem::new("PRIVATE KEY", v1));
    }
    key.serialize_pem()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(key_type: KeyType) -> GenRequest {
        GenRequest {
            common_name: "foo.bar.com".into(),
            sans: vec!["*.bar.com".into(), "127.0.0.1".into()],
            days: 365,
            key_type,
            is_ca: false,
            issuer: None,
        }
    }

    #[test]
    fn every_key_type_makes_a_certificate_that_parses() {
        for kt in [
            KeyType::Rsa2048,
            KeyType::EcdsaP256,
            KeyType::EcdsaP384,
            KeyType::Ed25519,
        ] {
            let b = generate(&leaf(kt)).unwrap();
            let info = inspect::certificate(&b.cert_pem).unwrap();
            assert_eq!(
                info.sans,
                vec!["DNS:foo.bar.com", "DNS:*.bar.com", "IP:127.0.0.1"]
            );
            assert!(!info.is_ca);
            let key = KeyPair::from_pem(&b.key_pem).unwrap();
            inspect::ensure_key_matches(&b.cert_pem, &key).unwrap();
        }
    }

    #[test]
    fn sans_are_typed_automatically() {
        assert!(matches!(
            san_from_text("10.0.0.1").unwrap(),
            SanType::IpAddress(_)
        ));
        assert!(matches!(
            san_from_text("::1").unwrap(),
            SanType::IpAddress(_)
        ));
        assert!(matches!(
            san_from_text("*.example.com").unwrap(),
            SanType::DnsName(_)
        ));
        assert!(san_from_text("a..b").is_err());
        assert!(san_from_text("foo.*.com").is_err());
    }

    #[test]
    fn a_ca_signs_a_leaf_that_names_it_as_issuer() {
        let ca = generate(&GenRequest {
            common_name: "ingressctl local CA".into(),
            sans: vec![],
            days: 3650,
            key_type: KeyType::EcdsaP256,
            is_ca: true,
            issuer: None,
        })
        .unwrap();
        let mut req = leaf(KeyType::EcdsaP256);
        req.issuer = Some(CaInput {
            cert_pem: ca.cert_pem.clone(),
            key_pem: ca.key_pem.clone(),
        });
        let leaf = generate(&req).unwrap();
        let info = inspect::certificate(&leaf.cert_pem).unwrap();
        assert_eq!(info.issuer, "CN=ingressctl local CA");
        assert!(inspect::certificate(&ca.cert_pem).unwrap().is_ca);
    }

    #[test]
    fn a_leaf_cannot_act_as_a_ca() {
        let not_ca = generate(&leaf(KeyType::EcdsaP256)).unwrap();
        let mut req = leaf(KeyType::EcdsaP256);
        req.issuer = Some(CaInput {
            cert_pem: not_ca.cert_pem,
            key_pem: not_ca.key_pem,
        });
        let err = generate(&req).unwrap_err();
        assert!(format!("{err:#}").contains("not a CA"), "{err:#}");
    }
}
