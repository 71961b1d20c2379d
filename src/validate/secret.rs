//! Checks on TLS Secrets: shape, encoding, PEM blocks, and where the Istio ingress expects them.

use base64::Engine as _;

use super::{Context, Target};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::manifest::Object;
use crate::manifest::generate::{ISTIO_INGRESS_NAMESPACE, ISTIO_INGRESS_SECRET};
use crate::manifest::model::Secret;
use crate::manifest::yaml::Path;

/// The Secret type for certificates.
pub const TLS_SECRET_TYPE: &str = "kubernetes.io/tls";

/// Runs the Secret rules (only on TLS Secrets and on `istio-ingress-certs`).
pub(super) fn check(ctx: &Context, obj: &Object, s: &Secret, out: &mut Vec<Diagnostic>) {
    let is_ingress_secret = s.metadata.name == ISTIO_INGRESS_SECRET;
    if s.type_.as_deref() != Some(TLS_SECRET_TYPE) && !is_ingress_secret {
        return;
    }
    if s.type_.as_deref() != Some(TLS_SECRET_TYPE) {
        out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidTlsSecret,
                &Path::root().key("type"),
                format!("Secret {ISTIO_INGRESS_SECRET} must have type {TLS_SECRET_TYPE}"),
            )
            .help("create it with `ingressctl cert secret` or `kubectl create secret tls`"),
        );
    }
    let before = out.len();
    for (key, marker) in [("tls.crt", "CERTIFICATE"), ("tls.key", "PRIVATE KEY")] {
        pem_entry(obj, s, key, marker, out);
    }
    if out.len() == before {
        pair(obj, s, out);
    }
    if ctx.target() == Target::Istio
        && is_ingress_secret
        && s.metadata.namespace.as_deref() != Some(ISTIO_INGRESS_NAMESPACE)
    {
        out.push(
            obj.diag(Severity::Warning, Code::SecretNamespace, &Path::root().key("metadata"), format!("the Istio ingress mounts {ISTIO_INGRESS_SECRET} from namespace istio-system only"))
                .help("set `metadata.namespace: istio-system`"),
        );
    }
}

/// Checks that the key matches the certificate, the chain is leaf-first and not expired.
fn pair(obj: &Object, s: &Secret, out: &mut Vec<Diagnostic>) {
    let checked = crate::cert::secret::pems(s).and_then(|(crt, key)| {
        crate::cert::secret::check_pair(&crt, key.as_deref().unwrap_or_default())
    });
    if let Err(e) = checked {
        out.push(
            obj.diag(Severity::Error, Code::InvalidTlsSecret, &Path::root().key("data"), format!("TLS Secret is unusable: {e:#}"))
                .help("regenerate it with `ingressctl cert gen --secret` or `ingressctl cert secret --cert CRT --key KEY`"),
        );
    }
}

fn pem_entry(obj: &Object, s: &Secret, key: &str, marker: &str, out: &mut Vec<Diagnostic>) {
    let (text, at) = if let Some(encoded) = s.data.get(key) {
        let at = Path::root().key("data").key(key);
        match base64::engine::general_purpose::STANDARD.decode(encoded.trim()) {
            Ok(bytes) => (String::from_utf8_lossy(&bytes).into_owned(), at),
            Err(e) => {
                out.push(
                    obj.diag(
                        Severity::Error,
                        Code::InvalidTlsSecret,
                        &at,
                        format!("data[{key}] is not valid base64: {e}"),
                    )
                    .help(
                        "values under `data` are base64-encoded; put plain PEM under `stringData`",
                    ),
                );
                return;
            }
        }
    } else if let Some(plain) = s.string_data.get(key) {
        (plain.clone(), Path::root().key("stringData").key(key))
    } else {
        out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidTlsSecret,
                &Path::root().key("data"),
                format!("TLS Secret has no `{key}`"),
            )
            .help("a kubernetes.io/tls Secret holds tls.crt and tls.key"),
        );
        return;
    };
    let found = text
        .lines()
        .any(|l| l.starts_with("-----BEGIN ") && l.ends_with(&format!("{marker}-----")));
    if !found {
        out.push(
            obj.diag(
                Severity::Error,
                Code::InvalidTlsSecret,
                &at,
                format!("`{key}` holds no PEM {marker} block"),
            )
            .help("check that the certificate and key were not swapped and are PEM encoded"),
        );
    }
}
