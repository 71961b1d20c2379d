//! `verify` through the real binary against real servers on 127.0.0.1: each assertion passing
//! and failing, retries, `--resolve`/`--connect-to` with SNI, exit codes, JSON and JUnit.

use std::path::Path;

use crate::support::ingressctl;
use crate::support::serve::{Backend, Serve, ca_and_leaf};

fn verify(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = ingressctl()
        .current_dir(dir)
        .arg("verify")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn base(be: &Backend, path: &str) -> String {
    format!("http://{}{path}", be.addr)
}

#[test]
fn each_assertion_passes_and_fails() {
    let be = Backend::start("be");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: Vec<(Vec<String>, i32)> = vec![
        (vec![base(&be, "/status/200")], 0),
        (vec![base(&be, "/status/404")], 3),
        (
            vec![
                base(&be, "/status/404"),
                "--expect".into(),
                "403,404".into(),
            ],
            0,
        ),
        (
            vec![base(&be, "/status/201"), "--expect".into(), "2xx".into()],
            0,
        ),
        (
            vec![
                base(&be, "/x"),
                "--expect-header".into(),
                "x-backend".into(),
            ],
            0,
        ),
        (
            vec![
                base(&be, "/x"),
                "--expect-header".into(),
                "x-missing".into(),
            ],
            3,
        ),
        (
            vec![
                base(&be, "/x"),
                "--expect-header".into(),
                "x-backend=be".into(),
            ],
            0,
        ),
        (
            vec![
                base(&be, "/x"),
                "--expect-header".into(),
                "x-backend=other".into(),
            ],
            3,
        ),
        (
            vec![
                base(&be, "/x"),
                "--expect-header".into(),
                "x-backend~^b".into(),
            ],
            0,
        ),
        (
            vec![
                base(&be, "/x"),
                "--expect-header".into(),
                "x-backend~^z".into(),
            ],
            3,
        ),
        (
            vec![base(&be, "/x"), "--expect-body".into(), "GET /x".into()],
            0,
        ),
        (
            vec![base(&be, "/x"), "--expect-body".into(), "POST".into()],
            3,
        ),
        (
            vec![
                base(&be, "/x"),
                "-X".into(),
                "PUT".into(),
                "--expect-body".into(),
                "~^be HTTP/1.1 PUT /x".into(),
            ],
            0,
        ),
        (
            vec![
                base(&be, "/x"),
                "-d".into(),
                "payload".into(),
                "--expect-body".into(),
                "content-length: 7".into(),
            ],
            0,
        ),
        (
            vec![
                base(&be, "/x"),
                "-H".into(),
                "X-Test: 1".into(),
                "--expect-body".into(),
                "x-test: 1".into(),
            ],
            0,
        ),
        (
            vec![
                base(&be, "/delay/300"),
                "--min-time".into(),
                "250ms".into(),
                "--max-time".into(),
                "5s".into(),
            ],
            0,
        ),
        (
            vec![base(&be, "/delay/0"), "--min-time".into(), "250ms".into()],
            3,
        ),
        (
            vec![
                base(&be, "/delay/1500"),
                "--max-time".into(),
                "300ms".into(),
            ],
            3,
        ),
        (
            vec![
                base(&be, "/redirect?to=/landing"),
                "--expect-redirect".into(),
                base(&be, "/landing"),
            ],
            0,
        ),
        (
            vec![
                base(&be, "/redirect?to=/landing"),
                "--expect-redirect".into(),
                base(&be, "/elsewhere"),
            ],
            3,
        ),
        (
            vec![
                base(&be, "/status/200"),
                "--expect-redirect".into(),
                base(&be, "/landing"),
            ],
            3,
        ),
    ];
    for (args, want) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = verify(d, &args);
        assert_eq!(code, want, "{args:?}\n{out}{err}");
    }
}

#[test]
fn head_requests_and_the_seed_timeout_check_shape() {
    let be = Backend::start("be");
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = verify(dir.path(), &["-I", &base(&be, "/status/200")]);
    assert_eq!(code, 0);
    assert!(out.contains("HEAD"), "{out}");
    let (code, out, _) = verify(
        dir.path(),
        &[
            &base(&be, "/delay/1200"),
            "--expect",
            "504",
            "--max-time",
            "5s",
            "--min-time",
            "1s",
        ],
    );
    assert_eq!(code, 3, "a 200 is not the 504 the guide expects");
    assert!(out.contains("status 200 is not 504"), "{out}");
}

#[test]
fn a_server_that_becomes_ready_is_waited_for() {
    let be = Backend::start("late");
    let dir = tempfile::tempdir().unwrap();
    let url = base(&be, "/ready-after/1500");
    let (code, _, _) = verify(dir.path(), &[&url]);
    assert_eq!(code, 3, "not ready yet without retries");
    let (code, out, err) = verify(
        dir.path(),
        &[&url, "--wait", "20s", "--retry-interval", "200ms"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("after ") && out.contains(" attempts"), "{out}");
    assert!(
        err.contains("waiting for"),
        "plain progress lines when not on a terminal: {err}"
    );
    let (code, _, _) = verify(
        dir.path(),
        &[
            &base(&be, "/status/503"),
            "--retry",
            "2",
            "--retry-interval",
            "50ms",
        ],
    );
    assert_eq!(code, 3);
}

fn tls_serve(dir: &Path) -> (Backend, Serve) {
    ca_and_leaf(dir, "cert-a", &["a.test"]);
    std::fs::write(
        dir.join("ing.yaml"),
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: a, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  ingressClassName: istio
  tls: [{hosts: [a.test], secretName: cert-a}]
  rules: [{host: a.test, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: svc-a, port: {number: 80}}}}]}}]
",
    )
    .unwrap();
    let be = Backend::start("svc-a");
    let serve = Serve::start(
        dir,
        &[
            "-f",
            "ing.yaml",
            "-f",
            "cert-a-secret.yaml",
            "--backend",
            &format!("svc-a={}", be.addr),
        ],
    );
    (be, serve)
}

#[test]
fn resolve_and_connect_to_keep_host_and_sni() {
    let dir = tempfile::tempdir().unwrap();
    let (_be, serve) = tls_serve(dir.path());
    let port = serve.https.unwrap().port();
    let url = format!("https://a.test:{port}/hello");
    let (code, out, err) = verify(
        dir.path(),
        &[
            &url,
            "--resolve",
            &format!("a.test:{port}:127.0.0.1"),
            "--cacert",
            "ca.crt",
            "--expect-body",
            "host: a.test",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("tls: CN=a.test"),
        "served certificate reported: {out}"
    );
    let url443 = "https://a.test/hello";
    let (code, out, err) = verify(
        dir.path(),
        &[
            url443,
            "--connect-to",
            &format!("a.test:443:127.0.0.1:{port}"),
            "--cacert",
            "ca.crt",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = verify(
        dir.path(),
        &[
            &format!("https://127.0.0.1:{port}/hello"),
            "--cacert",
            "ca.crt",
        ],
    );
    assert_eq!(
        code, 3,
        "no SNI a.test: the certificate does not name 127.0.0.1: {out}"
    );
    let (code, out, _) = verify(
        dir.path(),
        &[
            "-k",
            &format!("https://127.0.0.1:{port}/hello"),
            "--expect",
            "404",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("does not name 127.0.0.1"),
        "host-not-in-SANs warning: {out}"
    );
}

#[test]
fn exit_1_when_it_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ing.yaml"),
        include_str!("../docs/examples/guide/simple-ingress.yaml"),
    )
    .unwrap();
    let (code, _, err) = ingressctl_no_env(dir.path(), &["-f", "ing.yaml"]);
    assert_eq!(code, 1);
    assert!(err.contains("no ingress address"), "{err}");
    let (code, _, err) = verify(dir.path(), &["--checks", "missing.yaml"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read missing.yaml"), "{err}");
    std::fs::write(
        dir.path().join("bad.yaml"),
        "checks:\n- request: {url: 'http://${UNSET_VARIABLE_X}/'}\n",
    )
    .unwrap();
    let (code, _, err) = verify(dir.path(), &["--checks", "bad.yaml"]);
    assert_eq!(code, 1);
    assert!(err.contains("UNSET_VARIABLE_X"), "{err}");
    let (code, _, _) = verify(dir.path(), &[]);
    assert_eq!(code, 2);
}

fn ingressctl_no_env(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = ingressctl()
        .current_dir(dir)
        .env_remove("INGRESS_HOST")
        .env_remove("SECURE_INGRESS_HOST")
        .arg("verify")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_files_json_and_junit() {
    let be = Backend::start("be");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("checks.yaml"),
        "defaults:\n  retry: {attempts: 2, interval: 50ms}\nchecks:\n- name: ok\n  request: {url: 'http://${BE_ADDR}/status/200'}\n- name: refused <path>\n  request: {url: 'http://${BE_ADDR}/status/500', headers: {x-a: b}}\n  expect: {status: [403, 404]}\n",
    )
    .unwrap();
    let out = ingressctl()
        .current_dir(dir.path())
        .env("BE_ADDR", be.addr.to_string())
        .args([
            "verify",
            "--checks",
            "checks.yaml",
            "-o",
            "json",
            "--junit",
            "report.xml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["passed"], 1);
    assert_eq!(v["summary"]["failed"], 1);
    assert_eq!(v["checks"][1]["name"], "refused <path>");
    assert_eq!(v["checks"][1]["attempts"], 2);
    let xml = std::fs::read_to_string(dir.path().join("report.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("the JUnit report is well-formed XML");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 2);
    assert_eq!(
        cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .count(),
        1
    );
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("failures"), Some("1"));
}

#[test]
fn checks_derived_from_manifests_and_dry_run() {
    let be = Backend::start("httpbin");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ing.yaml"),
        include_str!("../docs/examples/guide/simple-ingress.yaml"),
    )
    .unwrap();
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "ing.yaml",
            "--backend",
            &format!("httpbin:8000={}", be.addr),
        ],
    );
    let host = serve.http.to_string();
    let (code, out, err) = verify(dir.path(), &["-f", "ing.yaml", "--ingress-host", &host]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("simple-ingress exposes /status/.*"), "{out}");
    assert!(out.contains("/headers is not exposed"), "{out}");
    let (code, out, _) = verify(
        dir.path(),
        &[
            "-f",
            "ing.yaml",
            "--ingress-host",
            "127.0.0.1:9",
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "dry run sends nothing");
    assert!(
        out.contains("GET http://127.0.0.1:9/status/200 expect reachable"),
        "{out}"
    );
    drop(serve);
    let (code, out, _) = verify(
        dir.path(),
        &["-f", "ing.yaml", "--ingress-host", &host, "--timeout", "2s"],
    );
    assert_eq!(code, 3, "nothing listens any more: {out}");
    assert!(out.contains("connection refused"), "{out}");
}

/// On a terminal (a pseudo-terminal from util-linux `script`), waiting shows an indicatif spinner.
#[test]
fn a_spinner_shows_what_is_awaited_on_a_terminal() {
    let bin = assert_cmd::cargo::cargo_bin("ingressctl");
    let cmd = format!(
        "{} verify http://127.0.0.1:9/ --wait 1500ms --retry-interval 300ms --timeout 1s",
        bin.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env_remove("NO_COLOR")
        .output()
        .expect("util-linux script");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("waiting for http://127.0.0.1:9/"), "{text}");
    assert!(
        text.chars().any(|c| ('\u{2800}'..='\u{28ff}').contains(&c)),
        "braille spinner frames: {text}"
    );
    assert!(text.contains("0 passed, 1 failed"), "{text}");
}

#[test]
fn long_check_names_are_shown_whole() {
    let be = Backend::start("be");
    let dir = tempfile::tempdir().unwrap();
    let name = "the status page of the simple ingress answers two hundred";
    std::fs::write(
        dir.path().join("checks.yaml"),
        format!(
            "checks:\n- name: {name}\n  request: {{url: 'http://{}/status/200'}}\n",
            be.addr
        ),
    )
    .unwrap();
    let (code, out, err) = verify(dir.path(), &["--checks", "checks.yaml"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(name), "{out}");
}

/// An HTTP/2 server (prior knowledge) that answers every request, HEAD included, with HEADERS
/// and then a DATA frame: what serve once did for its own answers to HEAD.
fn h2_server_with_content_after_head() -> (std::net::SocketAddr, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let Ok(mut conn) = h2::server::handshake(socket).await else {
                    return;
                };
                while let Some(Ok((_, mut respond))) = conn.accept().await {
                    let head = http::Response::builder()
                        .status(404)
                        .header("content-length", "10")
                        .body(())
                        .unwrap();
                    if let Ok(mut stream) = respond.send_response(head, false) {
                        let _ = stream.send_data(bytes::Bytes::from_static(b"not found\n"), true);
                    }
                }
            });
        }
    });
    (addr, runtime)
}

#[test]
fn a_head_answer_with_content_over_http2_fails_the_check() {
    let (addr, _server) = h2_server_with_content_after_head();
    let url = format!("http://{addr}/status/404");
    let out = ingressctl()
        .args(["verify", "-I", "--http2", &url, "--expect", "404"])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(text.contains("protocol error"), "{text}");
    // The same check with GET passes: the status is what was expected.
    let out = ingressctl()
        .args(["verify", "--http2", &url, "--expect", "404"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
