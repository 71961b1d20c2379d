//! `cert gen`, `cert secret`, `cert inspect` through the binary, checked with openssl, an
//! independent parser (x509-parser) and a real rustls server.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::support::{ingressctl, yaml_value};

fn openssl(args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl is installed (.ci/run installs it)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn cert_gen(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = ingressctl()
        .current_dir(dir)
        .args(["cert", "gen"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn default_gen_matches_the_guide_and_adds_what_clients_need() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = cert_gen(dir.path(), &["--cn", "foo.bar.com"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "no key material on stdout");
    let crt = dir.path().join("tls.crt");
    let key = dir.path().join("tls.key");
    assert_eq!(mode(&key), 0o600);
    let pem = std::fs::read(&crt).unwrap();
    let der = CertificateDer::from_pem_slice(&pem).unwrap();
    let (_, cert) = X509Certificate::from_der(&der).unwrap();
    assert_eq!(cert.subject().to_string(), "CN=foo.bar.com");
    let days =
        (cert.validity().not_after.timestamp() - cert.validity().not_before.timestamp()) / 86_400;
    assert_eq!(days, 365, "365 days plus the 5 minutes of back-dating");
    assert!(
        cert.validity().not_before.timestamp()
            < time::OffsetDateTime::now_utc().unix_timestamp() - 60
    );
    let (ok, text) = openssl(&["x509", "-noout", "-text", "-in", "tls.crt"], dir.path());
    assert!(ok, "{text}");
    for needle in [
        "Public-Key: (2048 bit)",
        "DNS:foo.bar.com",
        "TLS Web Server Authentication",
        "Digital Signature, Key Encipherment",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
    let (ok, text) = openssl(&["pkey", "-check", "-noout", "-in", "tls.key"], dir.path());
    assert!(ok, "{text}");
}

#[test]
fn every_key_type_passes_openssl_checks() {
    let dir = tempfile::tempdir().unwrap();
    for (kt, needle) in [
        ("rsa3072", "(3072 bit)"),
        ("ecdsa-p256", "NIST CURVE: P-256"),
        ("ecdsa-p384", "NIST CURVE: P-384"),
        ("ed25519", "ED25519"),
    ] {
        let sub = dir.path().join(kt);
        let (code, _, err) = cert_gen(
            dir.path(),
            &["--cn", "foo.bar.com", "--key-type", kt, "--out-dir", kt],
        );
        assert_eq!(code, 0, "{kt}: {err}");
        let (ok, text) = openssl(&["x509", "-noout", "-text", "-in", "tls.crt"], &sub);
        assert!(ok && text.contains(needle), "{kt}: {text}");
        let (ok, text) = openssl(&["pkey", "-check", "-noout", "-in", "tls.key"], &sub);
        assert!(ok, "{kt}: {text}");
    }
}

#[test]
fn a_local_ca_issues_leaves_that_openssl_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = cert_gen(
        dir.path(),
        &[
            "--ca",
            "--cn",
            "ingressctl local CA",
            "--key-type",
            "ecdsa-p256",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&dir.path().join("ca.key")), 0o600);
    let (code, _, err) = cert_gen(
        dir.path(),
        &[
            "--ca-cert",
            "ca.crt",
            "--ca-key",
            "ca.key",
            "--cn",
            "foo.bar.com",
            "--san",
            "*.bar.com",
            "--san",
            "127.0.0.1",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("curl --cacert ca.crt"), "{err}");
    assert!(err.contains("ingressctl verify --cacert ca.crt"), "{err}");
    let (ok, text) = openssl(&["verify", "-CAfile", "ca.crt", "tls.crt"], dir.path());
    assert!(ok, "{text}");
    let (_, text) = openssl(&["x509", "-noout", "-text", "-in", "tls.crt"], dir.path());
    assert!(
        text.contains("DNS:*.bar.com") && text.contains("IP Address:127.0.0.1"),
        "{text}"
    );
}

#[test]
fn existing_files_are_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tls.key"), "precious").unwrap();
    let (code, _, err) = cert_gen(dir.path(), &["--cn", "a.example"]);
    assert_eq!(code, 1);
    assert!(err.contains("refusing to overwrite ./tls.key"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("tls.key")).unwrap(),
        "precious"
    );
    assert!(
        !dir.path().join("tls.crt").exists(),
        "nothing written when refusing"
    );
    let (code, _, err) = cert_gen(dir.path(), &["--cn", "a.example", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&dir.path().join("tls.key")), 0o600);
}

fn secret_of(dir: &Path, extra: &[&str]) -> std::process::Output {
    ingressctl()
        .current_dir(dir)
        .args(["cert", "secret", "--cert", "tls.crt", "--key", "tls.key"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn secret_round_trips_byte_identical_pems() {
    let dir = tempfile::tempdir().unwrap();
    cert_gen(
        dir.path(),
        &["--cn", "foo.bar.com", "--key-type", "ecdsa-p256"],
    );
    let out = secret_of(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = String::from_utf8(out.stdout).unwrap();
    let loaded =
        ingressctl::manifest::load(&[ingressctl::manifest::Source::from_text("s.yaml", &yaml)]);
    let Some(ingressctl::manifest::Manifest::Secret(secret)) =
        loaded.objects.first().map(|o| &o.manifest)
    else {
        panic!("not a Secret: {yaml}");
    };
    assert_eq!(secret.metadata.name, "istio-ingress-certs");
    assert_eq!(secret.metadata.namespace.as_deref(), Some("istio-system"));
    assert_eq!(secret.type_.as_deref(), Some("kubernetes.io/tls"));
    let (crt, key) = ingressctl::cert::secret::pems(secret).unwrap();
    assert_eq!(
        crt.as_bytes(),
        std::fs::read(dir.path().join("tls.crt")).unwrap()
    );
    assert_eq!(
        key.unwrap().as_bytes(),
        std::fs::read(dir.path().join("tls.key")).unwrap()
    );
    let json = secret_of(
        dir.path(),
        &["--name", "web-certs", "-n", "shop", "-o", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["metadata"]["name"], "web-certs");
    assert_eq!(v["metadata"]["namespace"], "shop");
}

#[test]
fn gen_secret_does_both_steps_and_validates_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = cert_gen(dir.path(), &["--cn", "foo.bar.com", "--secret"]);
    assert_eq!(code, 0);
    assert_eq!(yaml_value(&out)["kind"], "Secret");
    let check = ingressctl()
        .args(["validate", "-f", "-", "--fail-on", "warning"])
        .write_stdin(out)
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn secret_refuses_a_key_of_another_pair() {
    let dir = tempfile::tempdir().unwrap();
    cert_gen(dir.path(), &["--cn", "a.example", "--key-type", "ed25519"]);
    cert_gen(
        dir.path(),
        &[
            "--cn",
            "b.example",
            "--key-type",
            "ed25519",
            "--key-out",
            "other.key",
            "--cert-out",
            "other.crt",
        ],
    );
    let out = ingressctl()
        .current_dir(dir.path())
        .args(["cert", "secret", "--cert", "tls.crt", "--key", "other.key"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tls.crt and other.key") && err.contains("does not belong"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn secret_refuses_a_chain_that_is_not_leaf_first() {
    let dir = tempfile::tempdir().unwrap();
    cert_gen(
        dir.path(),
        &["--ca", "--cn", "Test CA", "--key-type", "ecdsa-p256"],
    );
    cert_gen(
        dir.path(),
        &[
            "--ca-cert",
            "ca.crt",
            "--ca-key",
            "ca.key",
            "--cn",
            "foo.bar.com",
            "--key-type",
            "ecdsa-p256",
        ],
    );
    let leaf = std::fs::read_to_string(dir.path().join("tls.crt")).unwrap();
    let ca = std::fs::read_to_string(dir.path().join("ca.crt")).unwrap();
    std::fs::write(dir.path().join("good.crt"), format!("{leaf}{ca}")).unwrap();
    std::fs::write(dir.path().join("bad.crt"), format!("{ca}{leaf}")).unwrap();
    let run = |crt: &str, key: &str| {
        ingressctl()
            .current_dir(dir.path())
            .args(["cert", "secret", "--cert", crt, "--key", key])
            .output()
            .unwrap()
    };
    assert_eq!(run("good.crt", "tls.key").status.code(), Some(0));
    let bad = run("bad.crt", "ca.key");
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("not leaf-first"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[test]
fn bad_inputs_get_one_line_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    cert_gen(
        dir.path(),
        &["--cn", "foo.bar.com", "--key-type", "ecdsa-p256"],
    );
    let (ok, text) = openssl(
        &[
            "req",
            "-new",
            "-key",
            "tls.key",
            "-subj",
            "/CN=foo.bar.com",
            "-out",
            "req.csr",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    let (ok, text) = openssl(
        &[
            "x509",
            "-req",
            "-in",
            "req.csr",
            "-signkey",
            "tls.key",
            "-days",
            "-1",
            "-out",
            "expired.crt",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--cert", "missing.crt", "--key", "tls.key"],
            "cannot read missing.crt",
        ),
        (
            &["--cert", "req.csr", "--key", "tls.key"],
            "req.csr: this is a certificate signing request (CSR), not a certificate",
        ),
        (
            &["--cert", "tls.key", "--key", "tls.key"],
            "tls.key: this is a private key, not a certificate",
        ),
        (
            &["--cert", "tls.crt", "--key", "tls.crt"],
            "tls.crt: this is a certificate, not a private key",
        ),
        (
            &["--cert", "expired.crt", "--key", "tls.key"],
            "the certificate expired on",
        ),
    ];
    for (args, needle) in cases {
        let out = ingressctl()
            .current_dir(dir.path())
            .args(["cert", "secret"])
            .args(*args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn inspect_reports_fields_matches_and_the_missing_san_of_the_guides_openssl_line() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, text) = openssl(
        &[
            "req",
            "-x509",
            "-nodes",
            "-days",
            "365",
            "-newkey",
            "rsa:2048",
            "-keyout",
            "guide.key",
            "-out",
            "guide.crt",
            "-subj",
            "/CN=foo.bar.com",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    let out = ingressctl()
        .current_dir(dir.path())
        .args(["cert", "inspect", "guide.crt", "guide.key"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "subject:  CN=foo.bar.com",
        "SANs:     (none)",
        "(self-signed)",
        "key:      RSA 2048",
        "matches:  yes: guide.crt",
    ] {
        assert!(stdout.contains(needle), "missing {needle}:\n{stdout}");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("no subject alternative name"));
    let secret = ingressctl()
        .current_dir(dir.path())
        .args([
            "cert",
            "secret",
            "--cert",
            "guide.crt",
            "--key",
            "guide.key",
        ])
        .output()
        .unwrap();
    std::fs::write(dir.path().join("secret.yaml"), &secret.stdout).unwrap();
    let out = ingressctl()
        .current_dir(dir.path())
        .args(["cert", "inspect", "secret.yaml", "-o", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["kind"], "certificate");
    assert_eq!(v[0]["file"], "secret.yaml[tls.crt]");
    assert_eq!(v[1]["kind"], "privateKey");
    assert!(v[1]["matches"].as_str().unwrap().starts_with("yes"));
    assert!(v[0]["daysLeft"].as_i64().unwrap() >= 364);
}

#[test]
fn inspect_finds_a_mismatched_key_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    cert_gen(
        dir.path(),
        &["--cn", "a.example", "--key-type", "ecdsa-p256"],
    );
    cert_gen(
        dir.path(),
        &[
            "--cn",
            "b.example",
            "--key-type",
            "ecdsa-p256",
            "--out-dir",
            "b",
        ],
    );
    let out = ingressctl()
        .current_dir(dir.path())
        .args(["cert", "inspect", "tls.crt", "b/tls.key"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("matches:  NO"));
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// Serves one TLS connection per accepted socket: reads a line, answers "pong".
fn tls_server(dir: &Path) -> std::net::SocketAddr {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(dir.join("tls.crt"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(dir.join("tls.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(2) {
            let Ok(stream) = stream else { continue };
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, stream);
            let mut buf = [0u8; 5];
            if tls.read_exact(&mut buf).is_ok() {
                let _ = tls.write_all(b"pong\n");
            }
        }
    });
    addr
}

fn connect(addr: std::net::SocketAddr, ca: &Path, name: &str) -> Result<String, String> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let server_name = ServerName::try_from(name.to_string()).unwrap();
    let conn = rustls::ClientConnection::new(Arc::new(config), server_name).unwrap();
    let sock = TcpStream::connect(addr).unwrap();
    sock.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut tls = rustls::StreamOwned::new(conn, sock);
    tls.write_all(b"ping\n").map_err(|e| e.to_string())?;
    let mut reply = [0u8; 5];
    tls.read_exact(&mut reply).map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&reply).into_owned())
}

#[test]
fn a_rustls_client_trusting_only_the_ca_accepts_the_leaf_for_its_names_only() {
    let dir = tempfile::tempdir().unwrap();
    cert_gen(
        dir.path(),
        &[
            "--ca",
            "--cn",
            "ingressctl local CA",
            "--key-type",
            "ecdsa-p256",
        ],
    );
    let (code, _, err) = cert_gen(
        dir.path(),
        &[
            "--ca-cert",
            "ca.crt",
            "--ca-key",
            "ca.key",
            "--cn",
            "foo.bar.com",
            "--san",
            "*.bar.com",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let addr = tls_server(dir.path());
    let ca = dir.path().join("ca.crt");
    assert_eq!(connect(addr, &ca, "foo.bar.com").as_deref(), Ok("pong\n"));
    let wrong =
        connect(addr, &ca, "evil.example.com").expect_err("name outside the SANs must fail");
    assert!(
        wrong.contains("NotValidForName") || wrong.contains("not valid for name"),
        "{wrong}"
    );
}
