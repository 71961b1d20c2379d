//! The `kubernetes.io/tls` Secret: built after checking the pair, and read back.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use rcgen::PublicKeyData;

use super::inspect;
use crate::manifest::model::{ObjectMeta, Secret};

/// The Secret name and namespace the Istio ingress of the guide reads.
pub const DEFAULT_NAME: &str = "istio-ingress-certs";
/// See [`DEFAULT_NAME`].
pub const DEFAULT_NAMESPACE: &str = "istio-system";

/// Checks a certificate chain and key as `cert secret` does: the key matches the leaf, the
/// chain is leaf-first (each certificate issued by the next), and the leaf has not expired.
pub fn check_pair(cert_pem: &str, key_pem: &str) -> Result<()> {
    let chain = inspect::chain(cert_pem)?;
    let Some(leaf) = chain.first() else {
        return inspect::certificate(cert_pem).map(|_| ());
    };
    let key = inspect::private_key(key_pem)?;
    if leaf.spki != key.subject_public_key_info() {
        bail!("the private key does not belong to the first certificate (public keys differ)");
    }
    for pair in chain.windows(2) {
        if pair[0].issuer != pair[1].subject {
            bail!(
                "the chain is not leaf-first: `{}` is followed by `{}`, which did not issue it",
                pair[0].subject,
                pair[1].subject
            );
        }
    }
    if leaf.expired() {
        bail!("the certificate expired on {}", leaf.not_after);
    }
    Ok(())
}

/// Builds the Secret (data base64-encoded, as Kubernetes stores it).
pub fn build(name: &str, namespace: &str, cert_pem: &str, key_pem: &str) -> Secret {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
    Secret {
        api_version: "v1".into(),
        kind: "Secret".into(),
        metadata: ObjectMeta {
            name: name.into(),
            namespace: Some(namespace.into()),
            ..Default::default()
        },
        type_: Some(crate::validate::TLS_SECRET_TYPE.into()),
        data: BTreeMap::from([
            ("tls.crt".into(), b64(cert_pem)),
            ("tls.key".into(), b64(key_pem)),
        ]),
        string_data: BTreeMap::new(),
        immutable: None,
    }
}

/// The PEM texts `(tls.crt, tls.key)` held by a TLS Secret (`data` or `stringData`).
pub fn pems(secret: &Secret) -> Result<(String, Option<String>)> {
    let get = |key: &str| -> Result<Option<String>> {
        if let Some(v) = secret.data.get(key) {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(v.trim())
                .with_context(|| format!("data[{key}] is not valid base64"))?;
            return Ok(Some(
                String::from_utf8(bytes).with_context(|| format!("data[{key}] is not text"))?,
            ));
        }
        Ok(secret.string_data.get(key).cloned())
    };
    let cert = get("tls.crt")?.context("the Secret has no tls.crt")?;
    Ok((cert, get("tls.key")?))
}
