//! Ingresses written for ingress-nginx (`tests/fixtures/ingress-nginx`, one file per annotation
//! family, from the ingress-nginx documentation's examples): `validate --assume-class nginx`
//! gives each annotation its own finding and the path behaviours their codes.

use std::path::PathBuf;

use crate::support::serve::{Backend, Serve, client};
use crate::support::{fixture, run};

/// Every fixture with the codes its `# expect:` line names.
fn corpus() -> Vec<(PathBuf, Vec<String>)> {
    let dir = fixture("ingress-nginx");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("fixture");
            let expect = text
                .lines()
                .find_map(|l| l.strip_prefix("# expect: "))
                .unwrap_or_else(|| panic!("{} has no `# expect:` line", p.display()))
                .split_whitespace()
                .map(str::to_string)
                .collect();
            (p, expect)
        })
        .collect()
}

fn validate_json(file: &std::path::Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let path = file.to_str().expect("utf-8 path");
    let mut args = vec!["validate", "-f", path, "-o", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    let v =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {out}{err}"));
    (code, v, err)
}

#[test]
fn every_family_fixture_reports_its_codes_when_taken_as_moved() {
    let mut failures = Vec::new();
    let corpus = corpus();
    assert!(corpus.len() >= 20, "one fixture per annotation family");
    for (file, expect) in corpus {
        let (_, v, _) = validate_json(&file, &["--assume-class", "nginx"]);
        let diags = v["diagnostics"].as_array().expect("diagnostics");
        let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
        for want in &expect {
            if !codes.contains(&want.as_str()) {
                failures.push(format!("{}: no {want} in {codes:?}", file.display()));
            }
        }
        if codes.contains(&"ICTL0103") {
            failures.push(format!(
                "{}: an ingress-nginx annotation got the generic ICTL0103",
                file.display()
            ));
        }
        if codes.contains(&"ICTL0102") {
            failures.push(format!(
                "{}: --assume-class nginx left an Ingress of another class",
                file.display()
            ));
        }
        let annotations = std::fs::read_to_string(&file)
            .expect("fixture")
            .lines()
            .filter(|l| l.trim_start().starts_with("nginx.ingress.kubernetes.io/"))
            .count();
        let per_annotation = diags
            .iter()
            .filter(|d| {
                let c = d["code"].as_str().unwrap_or("");
                c.starts_with("ICTL05") && c < "ICTL0530" && c != "ICTL0502"
            })
            .count();
        if per_annotation != annotations {
            failures.push(format!(
                "{}: {annotations} annotations but {per_annotation} findings",
                file.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn without_assume_class_an_nginx_ingress_is_another_controllers() {
    let (code, v, _) = validate_json(&fixture("ingress-nginx/rewrite.yaml"), &[]);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, vec!["ICTL0102"], "only the foreign-class note");
    assert_eq!(code, 0);
}

#[test]
fn a_finding_says_what_the_annotation_did_and_the_fix() {
    let path = fixture("ingress-nginx/rewrite.yaml");
    let (code, out, err) = run(&[
        "validate",
        "-f",
        path.to_str().expect("path"),
        "--assume-class",
        "nginx",
    ]);
    assert_eq!(
        code, 3,
        "the regex path is an error at the guide's ingress (ICTL0104): {err}"
    );
    assert!(err.contains("error[ICTL0104]"), "{err}");
    assert!(out.is_empty(), "diagnostics go to stderr: {out}");
    assert!(
        err.contains("1 Ingress of class `nginx` taken as class `istio` (--assume-class)"),
        "{err}"
    );
    assert!(err.contains("warning[ICTL0510]: `rewrite-target`: ingress-nginx rewrote the path sent to the backend"), "{err}");
    assert!(
        err.contains("rewrite.yaml:9:"),
        "the finding points at the annotation's line: {err}"
    );
    assert!(
        err.contains("ingressctl convert --annotations ingress-nginx"),
        "{err}"
    );
    let auth = fixture("ingress-nginx/auth.yaml");
    let (_, _, err) = run(&[
        "validate",
        "-f",
        auth.to_str().expect("path"),
        "--assume-class",
        "nginx",
    ]);
    assert!(err.contains("warning[ICTL0525]: `auth-type`: ingress-nginx asked for HTTP basic or digest credentials; the Istio ingress ignores it"), "{err}");
    assert!(err.contains("no equivalent at the ingress"), "{err}");
}

#[test]
fn every_ingress_nginx_example_in_the_diagnostics_page_triggers_its_code() {
    let doc = std::fs::read_to_string(fixture("../../docs/diagnostics.md")).expect("docs");
    let mut checked = 0;
    for section in doc.split("\n## ").filter(|s| s.starts_with("ICTL05")) {
        let code = &section[..8];
        let Some(yaml) = section
            .split("```yaml\n")
            .nth(1)
            .and_then(|s| s.split("```").next())
        else {
            continue;
        };
        if code == "ICTL0531" {
            continue; // needs a second Ingress: tests/fixtures/validate/ICTL0531 has it
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("example.yaml");
        std::fs::write(&file, yaml).expect("write");
        let (_, v, _) = validate_json(&file, &[]);
        let codes: Vec<&str> = v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(codes.contains(&code), "{code}'s example gives {codes:?}");
        checked += 1;
    }
    assert!(checked >= 25, "{checked} examples checked");
}

#[test]
fn serve_honours_the_carried_annotations_in_front_of_httpbin() {
    let Some(httpbin) = crate::support::httpbin::for_test(
        "serve_honours_the_carried_annotations_in_front_of_httpbin",
    ) else {
        return;
    };
    let canary = Backend::start("canary");
    let dir = tempfile::tempdir().expect("tempdir");
    for (file, _) in corpus() {
        let name = file.file_name().expect("file name");
        std::fs::copy(&file, dir.path().join(name)).expect("copy");
    }
    let bin = format!("httpbin:8000={}", httpbin.addr);
    let can = format!("httpbin-canary:8000={}", canary.addr);
    let pki = dir.path().join("pki");
    let (code, _, err) = run(&[
        "cert",
        "gen",
        "--cn",
        "secure.bar.com",
        "--key-type",
        "ecdsa-p256",
        "--out-dir",
        pki.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    // WebSockets: ingress-nginx proxied upgrades on every path.
    let ws = Backend::start_websocket("echo");
    let echo = format!("chat:8000={}", ws.addr);
    // (Its own directory: a backend that only speaks WebSocket is no target for verify.)
    std::fs::create_dir(dir.path().join("ws")).expect("mkdir");
    std::fs::write(
        dir.path().join("ws/websocket.yaml"),
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: chat, annotations: {nginx.ingress.kubernetes.io/proxy-read-timeout: \"30\"}}\nspec:\n  ingressClassName: nginx\n  rules: [{http: {paths: [{path: /chat, pathType: Prefix, backend: {service: {name: chat, port: {number: 8000}}}}]}}]\n",
    )
    .expect("write");
    let ingress = |annotations: bool| {
        let mut args = vec![
            "-f",
            ".",
            "-f",
            "ws",
            "--assume-class",
            "nginx",
            "--backend",
            &bin,
            "--backend",
            &can,
            "--backend",
            &echo,
        ];
        args.extend(["--tls-cert", "pki/tls.crt", "--tls-key", "pki/tls.key"]);
        if annotations {
            args.extend(["--annotations", "ingress-nginx"]);
        }
        Serve::start(dir.path(), &args)
    };
    let serve = ingress(true);
    let hosts = [
        "secure.bar.com",
        "rewrite.bar.com",
        "strip.bar.com",
        "approot.bar.com",
        "moved.bar.com",
        "away.bar.com",
        "canary.bar.com",
        "cors.bar.com",
        "timeouts.bar.com",
        "vhost.bar.com",
        "prefixed.bar.com",
        "regex.bar.com",
    ];
    let resolve: Vec<(&str, std::net::SocketAddr)> =
        hosts.iter().map(|h| (*h, serve.http)).collect();
    let c = client(None, &resolve);
    let port = serve.http.port();
    let url = |host: &str, path: &str| format!("http://{host}:{port}{path}");
    let echoed = |resp: reqwest::blocking::Response| -> serde_json::Value {
        assert_eq!(resp.status(), 200, "{:?}", resp.headers());
        resp.json().expect("httpbin JSON")
    };

    // rewrite-target with capture groups: the backend sees the rewritten path.
    let sees = |host: &str, path: &str, seen: &str| {
        let v = echoed(c.get(url(host, path)).send().expect(host));
        let url = v["url"].as_str().unwrap_or_default();
        assert!(url.ends_with(seen), "{host}{path}: the backend saw {url}");
    };
    sees(
        "rewrite.bar.com",
        "/something/anything/x?y=1",
        "/anything/x?y=1",
    );
    sees("strip.bar.com", "/api/deep/path", "/anything/deep/path");

    // app-root and the redirects.
    let r = c.get(url("approot.bar.com", "/")).send().expect("app-root");
    assert_eq!(r.status(), 302);
    assert!(
        r.headers()["location"]
            .to_str()
            .is_ok_and(|l| l.ends_with("/anything/app1")),
        "{:?}",
        r.headers()
    );
    let r = c.get(url("away.bar.com", "/x")).send().expect("temporal");
    assert_eq!(r.status(), 302);
    assert_eq!(r.headers()["location"], "http://www.example.com/elsewhere");
    let r = c.get(url("moved.bar.com", "/x")).send().expect("permanent");
    assert_eq!(
        r.headers()["location"],
        "http://www.example.com/new",
        "each host keeps its own redirect"
    );

    // canary: by header, then by weight (20 of every 100, served in an exact schedule).
    let from_canary =
        |r: reqwest::blocking::Response| r.text().expect("body").starts_with("canary ");
    let always = c
        .get(url("canary.bar.com", "/get"))
        .header("x-canary", "always")
        .send()
        .expect("always");
    assert!(from_canary(always));
    let never = c
        .get(url("canary.bar.com", "/get"))
        .header("x-canary", "never")
        .send()
        .expect("never");
    assert!(!from_canary(never));
    let mut hits = 0;
    for _ in 0..100 {
        if from_canary(
            c.get(url("canary.bar.com", "/get"))
                .send()
                .expect("weighted"),
        ) {
            hits += 1;
        }
    }
    assert_eq!(
        hits, 20,
        "canary-weight 20 sends 20 of 100 requests to the canary"
    );

    // CORS preflight as configured.
    let r = c
        .request(reqwest::Method::OPTIONS, url("cors.bar.com", "/get"))
        .header("origin", "https://origin-site.com")
        .header("access-control-request-method", "PUT")
        .send()
        .expect("preflight");
    let h = r.headers();
    assert_eq!(
        h["access-control-allow-origin"], "https://origin-site.com",
        "{h:?}"
    );
    assert!(
        h["access-control-allow-methods"]
            .to_str()
            .is_ok_and(|m| m.contains("PUT")),
        "{h:?}"
    );
    assert_eq!(h["access-control-max-age"], "600");
    assert_eq!(h["access-control-allow-credentials"], "true");

    // proxy-read-timeout 2: a 5 s answer is cut at 2 s.
    let started = std::time::Instant::now();
    let r = c
        .get(url("timeouts.bar.com", "/delay/5"))
        .send()
        .expect("timeout");
    assert_eq!(r.status(), 504);
    let took = started.elapsed();
    assert!(
        took >= std::time::Duration::from_millis(1900)
            && took < std::time::Duration::from_millis(4500),
        "{took:?}"
    );

    // upstream-vhost and x-forwarded-prefix: what the backend sees.
    let v = echoed(
        c.get(url("vhost.bar.com", "/headers"))
            .send()
            .expect("vhost"),
    );
    assert_eq!(v["headers"]["Host"], "internal.bar.com", "{v}");
    let v = echoed(
        c.get(url("prefixed.bar.com", "/app/headers"))
            .send()
            .expect("prefix"),
    );
    assert_eq!(v["headers"]["X-Forwarded-Prefix"], "/app", "{v}");
    assert!(
        v["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/anything/headers")),
        "{v}"
    );

    // use-regex: a regex path matches as a prefix, as ingress-nginx's `~* ^PATH` did.
    let r = c
        .get(url("regex.bar.com", "/status/204"))
        .send()
        .expect("regex");
    assert_eq!(r.status(), 204);

    // ssl-redirect (on by default for a TLS Ingress): plain HTTP is sent to HTTPS.
    let r = c
        .get(url("secure.bar.com", "/get?x=1"))
        .send()
        .expect("ssl-redirect");
    assert_eq!(r.status(), 301);
    let https = serve.https.expect("https listener");
    assert_eq!(
        r.headers()["location"],
        format!("https://secure.bar.com:{}/get?x=1", https.port()).as_str()
    );

    assert_eq!(websocket_echo(serve.http), Ok("echo: hello".to_string()));

    // The checks verify derives from the annotations pass against this ingress...
    let (code, report) = verify_annotations(dir.path(), &serve);
    assert_eq!(code, 0, "{report}");
    for derived in DERIVED {
        assert!(
            report.contains(derived),
            "no derived check {derived:?}: {report}"
        );
    }
    drop(serve);

    // ... and fail against one that ignores them (serve without --annotations).
    let ignoring = ingress(false);
    let refused = websocket_echo(ignoring.http).expect_err("no upgrade without the annotations");
    assert!(refused.contains("403"), "{refused}");
    let (code, report) = verify_annotations(dir.path(), &ignoring);
    assert_eq!(code, 3, "{report}");
    for lost in DERIVED {
        let failed = report
            .lines()
            .any(|l| l.contains(lost) && l.ends_with("FAIL"));
        assert!(
            failed,
            "{lost:?} should fail without the annotations: {report}"
        );
    }
}

/// Checks `verify --annotations ingress-nginx` derives from the served fixtures (each fails
/// against an ingress that ignores the annotations).
const DERIVED: &[&str] = &[
    "the backend sees /anything/ingressctl-probe",
    "the backend sees Host internal.bar.com",
    "the backend sees X-Forwarded-Prefix /app",
    "redirects to http://www.example.com/new",
    "app-root redirects / to /anything/app1",
    "X-Canary: always reaches the canary",
    "20% of requests reach the canary",
    "answers a CORS preflight",
    "times out after 2s",
    "redirects plain HTTP to HTTPS",
];

/// `verify -f DIR --assume-class nginx --annotations ingress-nginx` against a served ingress:
/// exit code and report (stdout, then stderr).
fn verify_annotations(dir: &std::path::Path, serve: &Serve) -> (i32, String) {
    let http = serve.http.to_string();
    let https = serve.https.expect("https listener").to_string();
    let out = crate::support::ingressctl()
        .current_dir(dir)
        .args([
            "verify",
            "-f",
            ".",
            "--assume-class",
            "nginx",
            "--annotations",
            "ingress-nginx",
        ])
        .args([
            "--canary-marker",
            "canary ",
            "--ingress-host",
            &http,
            "--secure-ingress-host",
            &https,
            "-k",
            "--jobs",
            "4",
        ])
        .output()
        .expect("verify ran");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), report)
}

/// `convert --assume-class nginx --annotations ingress-nginx --to TO` of one fixture: output
/// and warnings (exit 0 asserted).
fn convert_carried(file: &std::path::Path, to: &str) -> (String, String) {
    let path = file.to_str().expect("utf-8 path");
    let args = [
        "convert",
        "-f",
        path,
        "--assume-class",
        "nginx",
        "--annotations",
        "ingress-nginx",
        "--to",
        to,
    ];
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{args:?}: {err}");
    (out, err)
}

#[test]
fn convert_carries_every_family_to_each_target_pinned_by_snapshots() {
    for (file, _) in corpus() {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("stem")
            .to_string();
        for to in ["routerules", "istio", "gateway-api"] {
            let (out, err) = convert_carried(&file, to);
            if to == "routerules" {
                routerules_load_without_malformed_objects(&out, &stem);
            } else {
                crate::support::crd::standard().assert_accepted(&out, &format!("{stem} --to {to}"));
            }
            insta::assert_snapshot!(
                format!("nginx_{stem}_{to}"),
                format!("{out}# stderr:\n{err}")
            );
        }
    }
}

/// The guide's target has no CRD schema (Istio 0.2 published none): the output is read back
/// by `validate`, which must find nothing malformed in it.
fn routerules_load_without_malformed_objects(out: &str, what: &str) {
    let sources = [ingressctl::manifest::Source::from_text("out.yaml", out)];
    let report =
        ingressctl::validate::validate_sources(&sources, &ingressctl::validate::Options::default());
    let malformed: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.severity == ingressctl::diagnostic::Severity::Error && d.code.is_malformed_object()
        })
        .map(|d| d.message.clone())
        .collect();
    assert!(malformed.is_empty(), "{what}: {malformed:?}\n{out}");
}

#[test]
fn what_is_not_carried_is_data_with_o_json() {
    let file = fixture("ingress-nginx/redirect.yaml");
    let path = file.to_str().expect("path");
    let (code, out, _) = run(&[
        "convert",
        "-f",
        path,
        "--assume-class",
        "nginx",
        "--annotations",
        "ingress-nginx",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let warnings = v["warnings"].as_array().expect("warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w["object"] == "Ingress default/moved"
                && w["message"].as_str().is_some_and(|m| m
                    .starts_with("nginx.ingress.kubernetes.io/permanent-redirect: answered 308"))),
        "{warnings:?}"
    );
}

#[test]
fn without_annotations_flag_convert_carries_nothing() {
    let file = fixture("ingress-nginx/rewrite.yaml");
    let (code, out, _) = run(&[
        "convert",
        "-f",
        file.to_str().expect("path"),
        "--assume-class",
        "nginx",
        "--to",
        "routerules",
    ]);
    assert_eq!(code, 0);
    assert!(!out.contains("kind: RouteRule"), "{out}");
}

/// Opens a WebSocket to `/chat` through the ingress at `addr`, says hello, and returns the
/// echo (or the handshake's error).
fn websocket_echo(addr: std::net::SocketAddr) -> Result<String, String> {
    use futures_util::{SinkExt, StreamExt};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let (mut socket, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/chat"))
            .await
            .map_err(|e| e.to_string())?;
        socket
            .send(tokio_tungstenite::tungstenite::Message::text("hello"))
            .await
            .map_err(|e| e.to_string())?;
        let reply = tokio::time::timeout(crate::support::serve::DEADLINE, socket.next())
            .await
            .map_err(|_| "no echo in time".to_string())?
            .ok_or("closed")?
            .map_err(|e| e.to_string())?;
        reply
            .into_text()
            .map(|t| t.to_string())
            .map_err(|e| e.to_string())
    })
}
