//! End to end: the guide's verification against real httpbin (PyPI `httpbin` under gunicorn,
//! installed by `.ci/run` into `.venv-httpbin`), through `ingressctl serve`.
//!
//! Outside CI, without the virtualenv, the test says it is skipped; with `CI` set it fails.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Instant;

use crate::support::httpbin::{start_httpbin, venv};
use crate::support::ingressctl;
use crate::support::serve::{DEADLINE, Serve, client};

fn manifests(dir: &Path, httpbin: SocketAddr) {
    let guide = |name: &str| std::fs::read_to_string(crate::support::guide_path(name)).unwrap();
    let h2 = format!(
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: h2, annotations: {{kubernetes.io/ingress.class: istio}}}}
spec:
  ingressClassName: istio
  rules:
  - host: h2.test
    http: {{paths: [{{path: /anything, pathType: Prefix, backend: {{service: {{name: httpbin-h2, port: {{name: http2-web}}}}}}}}]}}
---
apiVersion: v1
kind: Service
metadata: {{name: httpbin-h2}}
spec: {{ports: [{{name: http2-web, port: 8000}}]}}
---
apiVersion: v1
kind: Endpoints
metadata: {{name: httpbin-h2}}
subsets: [{{addresses: [{{ip: {}}}], ports: [{{name: http2-web, port: {}}}]}}]
",
        httpbin.ip(),
        httpbin.port()
    );
    std::fs::write(
        dir.join("simple-ingress.yaml"),
        guide("simple-ingress.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("secure-ingress.yaml"),
        guide("secure-ingress.yaml"),
    )
    .unwrap();
    std::fs::write(dir.join("status-route.yaml"), guide("status-route.yaml")).unwrap();
    std::fs::write(dir.join("h2.yaml"), h2).unwrap();
    let run = |args: &[&str]| {
        let out = ingressctl().current_dir(dir).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    run(&[
        "cert",
        "gen",
        "--ca",
        "--cn",
        "e2e CA",
        "--key-type",
        "ecdsa-p256",
        "--out-dir",
        "pki",
    ]);
    run(&[
        "cert",
        "gen",
        "--ca-cert",
        "pki/ca.crt",
        "--ca-key",
        "pki/ca.key",
        "--cn",
        "foo.bar.com",
        "--san",
        "127.0.0.1",
        "--out-dir",
        "pki",
    ]);
    let secret = run(&[
        "cert",
        "secret",
        "--cert",
        "pki/tls.crt",
        "--key",
        "pki/tls.key",
    ]);
    std::fs::write(dir.join("secret.yaml"), secret).unwrap();
}

#[test]
fn guide_verification_against_real_httpbin() {
    let Some(venv) = venv() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the httpbin end-to-end test: .ci/run installs .venv-httpbin"
        );
        eprintln!(
            "SKIPPED guide_verification_against_real_httpbin: no .venv-httpbin (python3 -m venv .venv-httpbin && .venv-httpbin/bin/pip install httpbin gunicorn h2)"
        );
        return;
    };
    let httpbin = start_httpbin(&venv);
    let dir = tempfile::tempdir().unwrap();
    manifests(dir.path(), httpbin.addr);
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            ".",
            "--backend",
            &format!("httpbin:8000={}", httpbin.addr),
        ],
    );

    // curl -I http://$INGRESS_HOST/status/200  ->  200, from httpbin itself
    let plain = client(None, &[]);
    let resp = plain.head(serve.http_url("/status/200")).send().unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()
            .get("server")
            .is_some_and(|s| s.to_str().unwrap_or("").contains("gunicorn")),
        "{:?}",
        resp.headers()
    );
    // curl -I http://$INGRESS_HOST/headers  ->  refused (404, Envoy's no-route answer)
    assert_eq!(
        plain
            .head(serve.http_url("/headers"))
            .send()
            .unwrap()
            .status(),
        404
    );

    // curl -I -k https://$INGRESS_HOST/status/200
    let https = serve.https.expect("https listener");
    let insecure = reqwest::blocking::Client::builder()
        .tls_danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    let resp = insecure
        .head(format!("https://127.0.0.1:{}/status/200", https.port()))
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200);
    // ... and without -k, trusting the generated CA, with the guide's host name
    let trusted = client(
        Some(&dir.path().join("pki/ca.crt")),
        &[("foo.bar.com", https)],
    );
    let resp = trusted
        .get(format!("https://foo.bar.com:{}/delay/1", https.port()))
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200);
    let json: serde_json::Value = resp.json().unwrap();
    let url = json["url"].as_str().unwrap_or_default();
    assert!(
        url.ends_with(&format!("://foo.bar.com:{}/delay/1", https.port())),
        "Host kept end to end: {url}"
    );

    // The guide's route rule: /delay/10 answers 504 after 4 s (not 10), /delay/1 answers 200.
    let started = Instant::now();
    let resp = trusted
        .get(format!("https://foo.bar.com:{}/delay/10", https.port()))
        .send()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(resp.status(), 504);
    assert!(
        took >= std::time::Duration::from_millis(3500)
            && took <= std::time::Duration::from_millis(4500),
        "took {took:?}"
    );
    let resp = trusted
        .get(format!("https://foo.bar.com:{}/delay/1", https.port()))
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200);

    // A backend behind an http2- named port is spoken to in HTTP/2 cleartext.
    let resp = plain
        .get(serve.http_url("/anything/h2"))
        .header("host", "h2.test")
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200, "{}", serve.stderr());
    let deadline = Instant::now() + DEADLINE;
    while !httpbin.access_log.lock().unwrap().contains("/anything/h2") && Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let log = httpbin.access_log.lock().unwrap().clone();
    let line = log
        .lines()
        .find(|l| l.contains("/anything/h2"))
        .unwrap_or_default()
        .to_string();
    assert!(line.starts_with("HTTP/2"), "gunicorn saw: {line:?}\n{log}");
    // `verify -f` on the guide's manifests: every derived check passes against serve + httpbin.
    let https = serve.https.unwrap();
    let verify = |extra: &[&str]| {
        let out = ingressctl()
            .current_dir(dir.path())
            .args([
                "verify",
                "-f",
                "simple-ingress.yaml",
                "-f",
                "secure-ingress.yaml",
                "-f",
                "status-route.yaml",
            ])
            .args([
                "--ingress-host",
                &serve.http.to_string(),
                "--secure-ingress-host",
                &https.to_string(),
            ])
            .args(["--cacert", "pki/ca.crt"])
            .args(extra)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, out) = verify(&[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("5 passed, 0 failed"), "{out}");
    assert!(out.contains("status-route times out after 4s"), "{out}");
    assert_eq!(serve.stop(), Some(0));

    // The same checks against a misconfigured serve (httpbin's address wrong) fail and say why.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let broken = Serve::start(
        dir.path(),
        &["-f", ".", "--backend", &format!("httpbin:8000={closed}")],
    );
    let out = ingressctl()
        .current_dir(dir.path())
        .args([
            "verify",
            "-f",
            "simple-ingress.yaml",
            "--ingress-host",
            &broken.http.to_string(),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(text.contains("status 502 is not reachable"), "{text}");
}
