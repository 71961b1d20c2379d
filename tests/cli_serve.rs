//! `serve` through the real binary: routing, upstreams, TLS with SNI and ALPN, h2c, errors,
//! reload, drain and the admin endpoints, against real backends on 127.0.0.1.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::support::serve::{Backend, DEADLINE, Serve, ca_and_leaf, client, eventually};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn body(resp: reqwest::blocking::Response) -> (StatusCode, String) {
    let status = resp.status();
    (status, resp.text().unwrap_or_default())
}

fn get(url: &str, host: Option<&str>) -> (StatusCode, String) {
    let c = client(None, &[]);
    let mut req = c.get(url);
    if let Some(h) = host {
        req = req.header("host", h);
    }
    body(req.send().unwrap())
}

const GUIDE_INGRESS: &str = include_str!("../docs/examples/guide/simple-ingress.yaml");

/// The guide's simple-ingress served in front of one backend named `name`, plus extra flags.
fn guide_serve(name: &str, extra: &[&str]) -> (Backend, tempfile::TempDir, Serve) {
    let be = Backend::start(name);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "simple.yaml", GUIDE_INGRESS);
    let backend = format!("httpbin:8000={}", be.addr);
    let mut args = vec!["-f", "simple.yaml", "--backend", &backend];
    args.extend_from_slice(extra);
    let serve = Serve::start(dir.path(), &args);
    (be, dir, serve)
}

#[test]
fn the_seed_ingress_routes_status_and_refuses_other_paths() {
    let dir = tempfile::tempdir().unwrap();
    let be = Backend::start("httpbin");
    write(dir.path(), "simple.yaml", GUIDE_INGRESS);
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "simple.yaml",
            "--backend",
            &format!("httpbin:8000={}", be.addr),
        ],
    );
    let (status, text) = get(&serve.http_url("/status/200"), None);
    assert_eq!(status, 200);
    assert!(
        text.starts_with("httpbin HTTP/1.1 GET /status/200"),
        "{text}"
    );
    let (status, text) = get(&serve.http_url("/headers"), None);
    assert_eq!(status, 404);
    assert!(text.contains("no route"), "{text}");
    // The access log is written every 100 ms: wait for it (bounded).
    assert!(
        eventually(|| serve.stdout().contains("\"GET /headers HTTP/1.1\" 404 NR")),
        "{}",
        serve.stdout()
    );
    assert_eq!(serve.stop(), Some(0));

    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "simple.yaml",
            "--backend",
            &format!("httpbin:8000={}", be.addr),
            "--no-route-status",
            "403",
        ],
    );
    assert_eq!(get(&serve.http_url("/headers"), None).0, 403);
}

/// Every example of the Kubernetes path-matching table (spec reference 3.3), each on its own
/// host so one proxy serves them all.
#[test]
#[allow(clippy::type_complexity)]
fn kubernetes_path_examples_through_the_proxy() {
    let cases: &[(&[(&str, &str)], &str, Option<usize>)] = &[
        (&[("Prefix", "/")], "/anything", Some(0)),
        (&[("Exact", "/foo")], "/foo", Some(0)),
        (&[("Exact", "/foo")], "/bar", None),
        (&[("Exact", "/foo")], "/foo/", None),
        (&[("Exact", "/foo/")], "/foo", None),
        (&[("Prefix", "/foo")], "/foo", Some(0)),
        (&[("Prefix", "/foo")], "/foo/", Some(0)),
        (&[("Prefix", "/foo/")], "/foo", Some(0)),
        (&[("Prefix", "/aaa/bb")], "/aaa/bbb", None),
        (&[("Prefix", "/aaa/bbb")], "/aaa/bbb", Some(0)),
        (&[("Prefix", "/aaa/bbb/")], "/aaa/bbb", Some(0)),
        (&[("Prefix", "/aaa/bbb")], "/aaa/bbb/", Some(0)),
        (&[("Prefix", "/aaa/bbb")], "/aaa/bbb/ccc", Some(0)),
        (&[("Prefix", "/aaa/bbb")], "/aaa/bbbxyz", None),
        (&[("Prefix", "/"), ("Prefix", "/aaa")], "/aaa/ccc", Some(1)),
        (
            &[("Prefix", "/"), ("Prefix", "/aaa"), ("Prefix", "/aaa/bbb")],
            "/aaa/bbb",
            Some(2),
        ),
        (
            &[("Prefix", "/"), ("Prefix", "/aaa"), ("Prefix", "/aaa/bbb")],
            "/ccc",
            Some(0),
        ),
        (&[("Prefix", "/aaa")], "/ccc", None),
        (&[("Prefix", "/foo"), ("Exact", "/foo")], "/foo", Some(1)),
    ];
    let backends: Vec<Backend> = (0..3).map(|i| Backend::start(&format!("b{i}"))).collect();
    let mut yaml = String::new();
    for (i, (rules, _, _)) in cases.iter().enumerate() {
        yaml.push_str(&format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: case{i}\n  annotations: {{kubernetes.io/ingress.class: istio}}\nspec:\n  rules:\n  - host: case{i}.test\n    http:\n      paths:\n"
        ));
        for (j, (kind, path)) in rules.iter().enumerate() {
            yaml.push_str(&format!(
                "      - {{path: \"{path}\", pathType: {kind}, backend: {{service: {{name: b{j}, port: {{number: 80}}}}}}}}\n"
            ));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cases.yaml", &yaml);
    let mut args = vec!["-f".to_string(), "cases.yaml".to_string()];
    for (i, be) in backends.iter().enumerate() {
        args.push("--backend".into());
        args.push(format!("b{i}:80={}", be.addr));
    }
    let serve = Serve::start(
        dir.path(),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for (i, (rules, path, want)) in cases.iter().enumerate() {
        let (status, text) = get(&serve.http_url(path), Some(&format!("case{i}.test")));
        match want {
            Some(j) => {
                assert_eq!(status, 200, "case {i} {rules:?} {path}: {text}");
                assert!(
                    text.starts_with(&format!("b{j} ")),
                    "case {i} {rules:?} {path}: {text}"
                );
            }
            None => assert_eq!(status, 404, "case {i} {rules:?} {path}: {text}"),
        }
    }
}

const HOSTS: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: hosts, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  ingressClassName: istio
  defaultBackend: {service: {name: fallback, port: {number: 80}}}
  rules:
  - host: foo.bar.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: exact, port: {number: 80}}}}]}
  - host: '*.bar.com'
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: wild, port: {number: 80}}}}]}
  - http:
      paths:
      - {path: /legacy/.*, pathType: ImplementationSpecific, backend: {service: {name: exact, port: {number: 80}}}}
      - {path: '/items/[0-9]+', pathType: ImplementationSpecific, backend: {service: {name: wild, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: other-class, annotations: {kubernetes.io/ingress.class: nginx}}
spec:
  rules:
  - host: nginx.test
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: exact, port: {number: 80}}}}]}
";

#[test]
fn hosts_wildcards_default_backend_regex_and_class_filtering() {
    let exact = Backend::start("exact");
    let wild = Backend::start("wild");
    let fallback = Backend::start("fallback");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "hosts.yaml", HOSTS);
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "hosts.yaml",
            "--backend",
            &format!("exact={}", exact.addr),
            "--backend",
            &format!("wild={}", wild.addr),
            "--backend",
            &format!("fallback={}", fallback.addr),
        ],
    );
    let who = |host: &str, path: &str| {
        let (status, text) = get(&serve.http_url(path), Some(host));
        format!(
            "{} {}",
            status.as_u16(),
            text.split(' ').next().unwrap_or("")
        )
    };
    assert_eq!(who("foo.bar.com", "/x"), "200 exact");
    assert_eq!(who("FOO.BAR.COM:80", "/x"), "200 exact");
    assert_eq!(who("baz.bar.com", "/x"), "200 wild");
    assert_eq!(
        who("a.baz.bar.com", "/nothing"),
        "200 fallback",
        "wildcards cover one label; the rest goes to the default backend"
    );
    assert_eq!(who("other.test", "/legacy/x"), "200 exact");
    assert_eq!(who("other.test", "/items/42"), "200 wild");
    assert_eq!(who("other.test", "/items/x"), "200 fallback");
    assert_eq!(
        who("nginx.test", "/"),
        "200 fallback",
        "an nginx-class Ingress is not served"
    );
}

#[test]
fn requests_carry_forwarding_headers_and_lose_hop_by_hop_ones() {
    let (_be, _dir, serve) = guide_serve("echo", &[]);
    let c = client(None, &[]);
    let text = c
        .get(serve.http_url("/status/200"))
        .header("host", "my.host.test")
        .header("connection", "x-private")
        .header("x-private", "secret")
        .header("x-forwarded-for", "203.0.113.7")
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(text.contains("host: my.host.test\n"), "{text}");
    assert!(
        text.contains("x-forwarded-for: 203.0.113.7, 127.0.0.1\n"),
        "{text}"
    );
    assert!(text.contains("x-forwarded-proto: http\n"), "{text}");
    assert!(text.contains("x-request-id: "), "{text}");
    assert!(!text.contains("x-private"), "{text}");
    let text = c
        .get(serve.http_url("/status/200"))
        .header("x-request-id", "keep-me")
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(text.contains("x-request-id: keep-me\n"), "{text}");
}

#[test]
fn several_addresses_are_balanced_round_robin() {
    let a = Backend::start("a");
    let b = Backend::start("b");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "simple.yaml", GUIDE_INGRESS);
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "simple.yaml",
            "--backend",
            &format!("httpbin:8000={},{}", a.addr, b.addr),
        ],
    );
    let names: Vec<String> = (0..6)
        .map(|_| {
            get(&serve.http_url("/status/200"), None)
                .1
                .split(' ')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names.iter().filter(|n| *n == "a").count(), 3, "{names:?}");
    assert_eq!(names.iter().filter(|n| *n == "b").count(), 3, "{names:?}");
}

fn named_port_manifests(be: SocketAddr, port_name: &str) -> String {
    format!(
        "apiVersion: extensions/v1beta1
kind: Ingress
metadata: {{name: api, annotations: {{kubernetes.io/ingress.class: istio}}}}
spec:
  rules:
  - http: {{paths: [{{path: /api/.*, backend: {{serviceName: api, servicePort: {port_name}}}}}]}}
---
apiVersion: v1
kind: Service
metadata: {{name: api}}
spec:
  ports: [{{name: {port_name}, port: 9000, targetPort: 9000}}]
---
apiVersion: v1
kind: Endpoints
metadata: {{name: api}}
subsets:
- addresses: [{{ip: {ip}}}]
  ports: [{{name: {port_name}, port: {port}}}]
",
        ip = be.ip(),
        port = be.port()
    )
}

#[test]
fn named_ports_resolve_through_service_and_endpoints_and_http2_ports_speak_h2c() {
    let be = Backend::start("api");
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "h1.yaml",
        &named_port_manifests(be.addr, "http-api"),
    );
    let serve = Serve::start(dir.path(), &["-f", "h1.yaml"]);
    let (status, text) = get(&serve.http_url("/api/x"), None);
    assert_eq!(status, 200, "{text}");
    assert!(text.starts_with("api HTTP/1.1 GET /api/x"), "{text}");
    drop(serve);
    write(
        dir.path(),
        "h2.yaml",
        &named_port_manifests(be.addr, "http2-api"),
    );
    let serve = Serve::start(dir.path(), &["-f", "h2.yaml"]);
    let (status, text) = get(&serve.http_url("/api/x"), None);
    assert_eq!(status, 200, "{text}");
    assert!(
        text.starts_with("api HTTP/2.0 GET /api/x"),
        "h2c upstream expected: {text}"
    );
}

#[test]
fn clients_may_speak_h2c_with_prior_knowledge() {
    let (_be, _dir, serve) = guide_serve("httpbin", &[]);
    let c = reqwest::blocking::Client::builder()
        .http2_prior_knowledge()
        .no_proxy()
        .build()
        .unwrap();
    let resp = c.get(serve.http_url("/status/204")).send().unwrap();
    assert_eq!(resp.version(), reqwest::Version::HTTP_2);
    assert_eq!(resp.status(), 204);
}

fn errors_setup() -> (tempfile::TempDir, Backend) {
    let dir = tempfile::tempdir().unwrap();
    let be = Backend::start("slow");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    write(
        dir.path(),
        "errors.yaml",
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: errors, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  ingressClassName: istio
  rules:
  - http:
      paths:
      - {path: /refused, pathType: Prefix, backend: {service: {name: refused, port: {number: 80}}}}
      - {path: /empty, pathType: Prefix, backend: {service: {name: empty, port: {number: 80}}}}
      - {path: /delay, pathType: Prefix, backend: {service: {name: slow, port: {number: 80}}}}
---
apiVersion: v1
kind: Endpoints
metadata: {name: empty}
subsets: []
",
    );
    write(dir.path(), "closed", &closed.to_string());
    (dir, be)
}

#[test]
fn failures_get_the_status_that_names_the_failing_side() {
    let (dir, slow) = errors_setup();
    let closed = std::fs::read_to_string(dir.path().join("closed")).unwrap();
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "errors.yaml",
            "--backend",
            &format!("refused={closed}"),
            "--backend",
            &format!("slow={}", slow.addr),
            "--upstream-timeout",
            "500ms",
            "--max-header-bytes",
            "16384",
        ],
    );
    let (status, text) = get(&serve.http_url("/refused"), None);
    assert_eq!(status, 502, "{text}");
    assert!(text.contains("upstream connect error"), "{text}");
    let (status, text) = get(&serve.http_url("/empty"), None);
    assert_eq!(status, 503, "{text}");
    let started = Instant::now();
    let (status, text) = get(&serve.http_url("/delay/3000"), None);
    assert_eq!(status, 504, "{text}");
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "timed out at the deadline, not after the backend"
    );
    assert!(
        serve.wait_stderr("upstream error on route default/errors#0.0"),
        "{}",
        serve.stderr()
    );
    let big = "x".repeat(32 * 1024);
    let resp = client(None, &[])
        .get(serve.http_url("/delay/0"))
        .header("x-big", big)
        .send()
        .unwrap();
    assert_eq!(resp.status(), 431);
    let mut raw = TcpStream::connect(serve.http).unwrap();
    raw.set_read_timeout(Some(DEADLINE)).unwrap();
    raw.write_all(b"GET /delay/0 HTTP/1.1\r\nHost x\r\n\r\n")
        .unwrap();
    let mut reply = String::new();
    let _ = raw.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");
}

#[test]
fn slow_clients_are_cut_off_at_the_header_read_timeout() {
    let (dir, slow) = errors_setup();
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "errors.yaml",
            "--backend",
            &format!("slow={}", slow.addr),
            "--header-read-timeout",
            "300ms",
        ],
    );
    let mut raw = TcpStream::connect(serve.http).unwrap();
    raw.set_read_timeout(Some(DEADLINE)).unwrap();
    raw.write_all(b"GET /delay/0 HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let started = Instant::now();
    let mut reply = Vec::new();
    let _ = raw.read_to_end(&mut reply);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "connection closed by the proxy"
    );
}

const TLS_INGRESSES: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: a, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  ingressClassName: istio
  tls: [{hosts: [a.test], secretName: cert-a}]
  rules: [{host: a.test, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: svc-a, port: {number: 80}}}}]}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: b, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  ingressClassName: istio
  tls: [{hosts: [b.test], secretName: cert-b}]
  rules: [{host: b.test, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: svc-b, port: {number: 80}}}}]}}]
";

#[test]
fn tls_selects_certificates_by_sni_has_a_default_and_negotiates_alpn() {
    let dir = tempfile::tempdir().unwrap();
    ca_and_leaf(dir.path(), "cert-a", &["a.test"]);
    ca_and_leaf(dir.path(), "cert-b", &["b.test"]);
    ca_and_leaf(dir.path(), "default", &["default.test", "127.0.0.1"]);
    write(dir.path(), "tls.yaml", TLS_INGRESSES);
    let a = Backend::start("svc-a");
    let b = Backend::start("svc-b");
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "tls.yaml",
            "-f",
            "cert-a-secret.yaml",
            "-f",
            "cert-b-secret.yaml",
            "--tls-cert",
            "default.crt",
            "--tls-key",
            "default.key",
            "--backend",
            &format!("svc-a={}", a.addr),
            "--backend",
            &format!("svc-b={}", b.addr),
        ],
    );
    let https = serve.https.expect("https listener");
    let ca = dir.path().join("ca.crt");
    let c = client(Some(&ca), &[("a.test", https), ("b.test", https)]);
    let resp = c
        .get(format!("https://a.test:{}/x", https.port()))
        .send()
        .unwrap();
    assert_eq!(resp.version(), reqwest::Version::HTTP_2, "ALPN h2");
    assert!(resp.text().unwrap().starts_with("svc-a "));
    let resp = c
        .get(format!("https://b.test:{}/x", https.port()))
        .send()
        .unwrap();
    assert!(
        resp.text().unwrap().starts_with("svc-b "),
        "SNI b.test got cert b (only it names b.test)"
    );
    let h1 = reqwest::blocking::Client::builder()
        .http1_only()
        .tls_certs_only([reqwest::Certificate::from_pem(&std::fs::read(&ca).unwrap()).unwrap()])
        .resolve("a.test", https)
        .build()
        .unwrap();
    let resp = h1
        .get(format!("https://a.test:{}/x", https.port()))
        .send()
        .unwrap();
    assert_eq!(resp.version(), reqwest::Version::HTTP_11, "ALPN http/1.1");
    let no_sni = client(Some(&ca), &[])
        .get(format!("https://127.0.0.1:{}/x", https.port()))
        .send()
        .unwrap();
    assert_eq!(
        no_sni.status(),
        404,
        "no SNI: default certificate (valid for 127.0.0.1), no route for that host"
    );
    assert_eq!(
        get(&serve.http_url("/x"), Some("a.test")).0,
        200,
        "a TLS Ingress is served on the HTTP listener too, as today's Istio does"
    );
}

/// The guide's transcript through serve as the guide writes it, with the demo's httpbin:
/// `/delay/` is exposed only by the TLS Ingress, and the guide calls it over plain HTTP.
#[test]
fn the_guides_transcript_runs_through_serve_and_the_old_split_is_an_option() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Serve::start(dir.path(), &["--demo"]);
    let started = Instant::now();
    let (status, _) = get(&demo.http_url("/delay/10"), None);
    assert_eq!(
        status, 504,
        "http://$INGRESS_HOST/delay/10: the 4 s timeout"
    );
    assert!(started.elapsed() >= Duration::from_millis(3500));
    assert_eq!(get(&demo.http_url("/status/200"), None).0, 200);
    assert_eq!(get(&demo.http_url("/headers"), None).0, 404);
    let https = demo.https.expect("HTTPS");
    for http2 in [false, true] {
        let mut curl = std::process::Command::new("curl");
        curl.args(["-sS", "-I", "-k", "--max-time", "10"]);
        curl.arg(if http2 { "--http2" } else { "--http1.1" });
        let out = curl
            .arg(format!("https://127.0.0.1:{}/status/200", https.port()))
            .output()
            .expect("curl");
        let head = String::from_utf8_lossy(&out.stdout);
        let want = if http2 { "HTTP/2 200" } else { "HTTP/1.1 200" };
        assert!(head.starts_with(want), "curl -I -k: {head}");
    }
    drop(demo);

    let old = Serve::start(dir.path(), &["--demo", "--tls-only-https"]);
    assert_eq!(
        get(&old.http_url("/delay/1"), None).0,
        404,
        "--tls-only-https: TLS rules on HTTPS only"
    );
    drop(old);

    let redirecting = Serve::start(dir.path(), &["--demo", "--https-redirect"]);
    let https = redirecting.https.expect("HTTPS").port();
    let resp = client(None, &[])
        .get(redirecting.http_url("/delay/1?x=1"))
        .header("host", "foo.bar.com")
        .send()
        .unwrap();
    assert_eq!(resp.status(), 301);
    assert_eq!(
        resp.headers()["location"],
        format!("https://foo.bar.com:{https}/delay/1?x=1").as_str()
    );
    assert_eq!(
        get(&redirecting.http_url("/status/200"), None).0,
        200,
        "what an Ingress without tls serves on HTTP stays served"
    );
}

#[test]
fn reload_swaps_good_edits_keeps_serving_through_bad_ones_and_drops_no_request() {
    let be = Backend::start("httpbin");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ing.yaml", GUIDE_INGRESS);
    let serve = Serve::start(
        dir.path(),
        &["-f", ".", "--backend", &format!("httpbin:8000={}", be.addr)],
    );
    let url = serve.http_url("/status/200");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let c = client(None, &[]);
            let (mut ok, mut failed) = (0, Vec::new());
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match c.get(&url).send() {
                    Ok(r) if r.status() == 200 => ok += 1,
                    Ok(r) => failed.push(r.status().to_string()),
                    Err(e) => failed.push(e.to_string()),
                }
            }
            (ok, failed)
        })
    };
    assert_eq!(get(&serve.http_url("/delay/0"), None).0, 404);
    write(dir.path(), "ing.yaml", &GUIDE_INGRESS.replace("/status/.*", "/status/.*\n        backend:\n          serviceName: httpbin\n          servicePort: 8000\n      - path: /delay/.*"));
    assert!(
        eventually(|| get(&serve.http_url("/delay/0"), None).0 == 200),
        "good edit served: {}",
        serve.stderr()
    );
    write(
        dir.path(),
        "ing.yaml",
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: x\n",
    );
    assert!(serve.wait_stderr("reload rejected"), "{}", serve.stderr());
    assert_eq!(
        get(&serve.http_url("/delay/0"), None).0,
        200,
        "last good table still serves"
    );
    serve.signal("HUP");
    assert!(
        serve.wait_stderr("reload rejected (SIGHUP)"),
        "{}",
        serve.stderr()
    );
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (ok, failed) = load.join().unwrap();
    assert!(ok > 10, "the load loop ran ({ok} requests)");
    assert!(failed.is_empty(), "failed during reloads: {failed:?}");
    let stats = get(&format!("http://{}/stats/prometheus", serve.admin), None).1;
    assert!(
        stats.contains("ingressctl_config_reloads_total 1"),
        "{stats}"
    );
    assert!(
        stats.contains("ingressctl_config_reload_failures_total 2"),
        "{stats}"
    );
}

#[test]
fn sigterm_drains_in_flight_requests_and_exits_0() {
    let be = Backend::start("slow");
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "simple.yaml",
        &GUIDE_INGRESS.replace("/status/.*", "/delay/.*"),
    );
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "simple.yaml",
            "--backend",
            &format!("httpbin:8000={}", be.addr),
        ],
    );
    let url = serve.http_url("/delay/3000");
    let in_flight = std::thread::spawn(move || get(&url, None));
    // In flight: the backend has it (and holds it for 3 s, the margin for the checks below).
    assert!(eventually(|| !be.seen.requests.lock().unwrap().is_empty()));
    let (http, admin) = (serve.http, serve.admin);
    serve.signal("TERM");
    // Draining: not ready (a load balancer sends nothing new), still live, still scraped.
    let status = |path: &str| {
        client(None, &[])
            .get(format!("http://{admin}{path}"))
            .send()
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    };
    assert!(
        eventually(|| status("/healthz/ready") == 503),
        "not ready while draining"
    );
    assert_eq!(status("/healthz/live"), 200);
    assert_eq!(status("/stats/prometheus"), 200);
    assert_eq!(serve.stop(), Some(0));
    let (status, text) = in_flight.join().unwrap();
    assert_eq!(status, 200, "in-flight request finished: {text}");
    assert!(TcpStream::connect(http).is_err(), "no longer accepting");
    assert!(
        TcpStream::connect(admin).is_err(),
        "the admin listener stops last"
    );
}

#[test]
fn admin_endpoints_report_readiness_stats_and_the_table() {
    let (_be, _dir, serve) = guide_serve("httpbin", &[]);
    get(&serve.http_url("/status/200"), None);
    get(&serve.http_url("/nothing"), None);
    let admin = |p: &str| get(&format!("http://{}{p}", serve.admin), None);
    assert_eq!(admin("/healthz/ready").0, 200);
    let (_, stats) = admin("/stats/prometheus");
    assert!(
        stats.contains(
            "ingressctl_requests_total{route=\"default/simple-ingress#0.0\",status=\"200\"} 1"
        ),
        "{stats}"
    );
    assert!(
        stats.contains("ingressctl_requests_total{route=\"(no route)\",status=\"404\"} 1"),
        "{stats}"
    );
    assert!(
        stats.contains(
            "ingressctl_request_duration_ms_count{route=\"default/simple-ingress#0.0\"} 1"
        ),
        "{stats}"
    );
    assert!(stats.contains("ingressctl_active_connections"), "{stats}");
    let (_, dump) = admin("/config_dump");
    let v: serde_json::Value = serde_json::from_str(&dump).unwrap();
    let route = &v["http"]["virtualHosts"][0]["routes"][0];
    assert_eq!(route["path"], "/status/");
    assert_eq!(route["match"], "prefix");
    assert_eq!(route["upstream"], "httpbin.default:8000");
}

#[test]
fn invalid_manifests_stop_start_up_with_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.yaml",
        &GUIDE_INGRESS.replace("/status/.*", "status"),
    );
    let err = Serve::try_start(dir.path(), &["-f", "bad.yaml"])
        .err()
        .expect("must not start");
    assert!(err.contains("exit Some(3)"), "{err}");
    assert!(err.contains("ICTL0106"), "{err}");
}

#[test]
fn demo_serves_the_seed_without_files() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(dir.path(), &["--demo"]);
    assert!(
        serve.wait_stderr("curl -I http://$INGRESS_HOST/status/200"),
        "{}",
        serve.stderr()
    );
    assert_eq!(get(&serve.http_url("/status/200"), None).0, 200);
    assert_eq!(get(&serve.http_url("/headers"), None).0, 404);
    let https = serve.https.expect("demo has TLS");
    let c = reqwest::blocking::Client::builder()
        .tls_danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    let resp = c
        .get(format!("https://127.0.0.1:{}/delay/0", https.port()))
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.text()
            .unwrap()
            .contains("\"X-Forwarded-Proto\": \"https\"")
    );
}

#[test]
fn idle_keep_alive_connections_are_closed_after_the_idle_timeout() {
    let (_be, _dir, serve) = guide_serve(
        "httpbin",
        &["--idle-timeout", "300ms", "--header-read-timeout", "30s"],
    );
    let mut raw = TcpStream::connect(serve.http).unwrap();
    raw.set_read_timeout(Some(DEADLINE)).unwrap();
    raw.write_all(b"GET /status/200 HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = raw.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let idle_since = Instant::now();
    let mut rest = Vec::new();
    let _ = raw.read_to_end(&mut rest);
    let waited = idle_since.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(10),
        "closed after {waited:?}"
    );
}

#[test]
fn json_access_log_names_route_status_and_flags() {
    let (_be, _dir, serve) = guide_serve("httpbin", &["--access-log-format", "json"]);
    get(&serve.http_url("/status/201"), None);
    get(&serve.http_url("/nope"), None);
    // The same over h2c: a body that ends with its last frame is logged as done, not cut.
    let h2c = reqwest::blocking::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let resp = h2c.get(serve.http_url("/status/201")).send().unwrap();
    assert_eq!(resp.version(), reqwest::Version::HTTP_2);
    assert!(!resp.text().unwrap().is_empty());
    assert!(
        eventually(|| serve.stdout().lines().count() >= 3),
        "{}",
        serve.stdout()
    );
    let lines: Vec<serde_json::Value> = serve
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines[0]["response_code"], 201);
    assert_eq!(
        lines[0]["response_flags"], "-",
        "a complete Content-Length body: {}",
        lines[0]
    );
    assert_eq!(lines[2]["response_code"], 201);
    assert_eq!(lines[2]["response_flags"], "-", "HTTP/2: {}", lines[2]);
    assert_eq!(lines[0]["route_name"], "default/simple-ingress#0.0");
    assert_eq!(lines[0]["upstream_cluster"], "httpbin.default:8000");
    assert_eq!(lines[1]["response_code"], 404);
    assert_eq!(lines[1]["response_flags"], "NR");
}

#[test]
fn the_seeds_mounted_certificate_directory_is_the_default_certificate() {
    let dir = tempfile::tempdir().unwrap();
    ca_and_leaf(dir.path(), "mounted", &["foo.bar.com", "127.0.0.1"]);
    let mount = dir.path().join("ingress-certs");
    std::fs::create_dir(&mount).unwrap();
    std::fs::copy(dir.path().join("mounted.crt"), mount.join("tls.crt")).unwrap();
    std::fs::copy(dir.path().join("mounted.key"), mount.join("tls.key")).unwrap();
    write(
        dir.path(),
        "secure.yaml",
        include_str!("../docs/examples/guide/secure-ingress.yaml"),
    );
    let be = Backend::start("httpbin");
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "secure.yaml",
            "--cert-dir",
            "ingress-certs",
            "--backend",
            &format!("httpbin:8000={}", be.addr),
        ],
    );
    let https = serve
        .https
        .expect("HTTPS started from the mounted certificate");
    let c = client(Some(&dir.path().join("ca.crt")), &[]);
    let resp = c
        .get(format!("https://127.0.0.1:{}/status/200", https.port()))
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200);
}

/// Issue 10: an Endpoints edit swaps the endpoint set in place; the routes are not rebuilt.
#[test]
fn an_endpoints_edit_moves_traffic_without_rebuilding_routes() {
    let first = Backend::start("first");
    let second = Backend::start("second");
    let dir = tempfile::tempdir().unwrap();
    let service = "apiVersion: v1\nkind: Service\nmetadata: {name: httpbin}\nspec:\n  ports: [{name: http, port: 8000}]\n";
    let endpoints = |addr: std::net::SocketAddr| {
        format!(
            "apiVersion: v1\nkind: Endpoints\nmetadata: {{name: httpbin}}\nsubsets:\n- addresses: [{{ip: {}}}]\n  ports: [{{name: http, port: {}}}]\n",
            addr.ip(),
            addr.port()
        )
    };
    write(dir.path(), "ing.yaml", GUIDE_INGRESS);
    write(dir.path(), "svc.yaml", service);
    write(dir.path(), "eps.yaml", &endpoints(first.addr));
    let serve = Serve::start(dir.path(), &["-f", "."]);
    let url = serve.http_url("/status/200");
    assert_eq!(get(&url, None).0, 200);
    assert_eq!(first.seen.requests.lock().unwrap().len(), 1);
    write(dir.path(), "eps.yaml", &endpoints(second.addr));
    assert!(
        serve.wait_stderr("endpoints updated, routes kept"),
        "{}",
        serve.stderr()
    );
    assert_eq!(get(&url, None).0, 200);
    assert_eq!(
        second.seen.requests.lock().unwrap().len(),
        1,
        "the new endpoint"
    );
    assert!(
        !serve.stderr().contains("configuration reloaded"),
        "{}",
        serve.stderr()
    );
}

#[test]
fn the_operator_log_is_json_on_request_and_counts_failed_handshakes() {
    let be = Backend::start("httpbin");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "simple.yaml", GUIDE_INGRESS);
    ca_and_leaf(dir.path(), "leaf", &["foo.bar.com"]);
    let backend = format!("httpbin:8000={}", be.addr);
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "simple.yaml",
            "--backend",
            &backend,
            "--tls-cert",
            "leaf.crt",
            "--tls-key",
            "leaf.key",
            "--log-format",
            "json",
            "-v",
        ],
    );
    // Plain HTTP sent to the TLS port: a failed handshake, logged at debug with the peer.
    let https = serve.https.expect("HTTPS listener");
    let mut s = TcpStream::connect(https).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n").unwrap();
    let mut sink = Vec::new();
    let _ = s.read_to_end(&mut sink);
    assert!(
        serve.wait_stderr("TLS handshake failed"),
        "{}",
        serve.stderr()
    );
    for line in serve.stderr().lines() {
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        assert!(
            v["level"].is_string() && v["fields"]["message"].is_string(),
            "{line}"
        );
    }
    let failed = serve
        .stderr()
        .lines()
        .find(|l| l.contains("TLS handshake failed"))
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .unwrap();
    assert_eq!(failed["level"], "DEBUG");
    assert!(
        failed["fields"]["peer"]
            .as_str()
            .is_some_and(|p| p.starts_with("127.0.0.1:"))
    );
    let stats = client(None, &[])
        .get(format!("http://{}/stats/prometheus", serve.admin))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        stats.contains("ingressctl_tls_handshake_failures_total 1"),
        "{stats}"
    );
}

#[test]
fn quiet_keeps_only_warnings_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    // A Service and no Ingress: serve warns that nothing is routed.
    write(
        dir.path(),
        "svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: 80}]}\n",
    );
    // A port for the admin listener, to know when serve is ready (its lines are not printed).
    let admin = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ingressctl"))
        .current_dir(dir.path())
        .args([
            "serve",
            "-q",
            "-f",
            "svc.yaml",
            "--http-addr",
            "127.0.0.1:0",
        ])
        .args(["--admin-addr", &admin.to_string()])
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut text = String::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + DEADLINE;
    while !text.contains("warning: no Ingress") && Instant::now() < deadline {
        match stderr.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => text.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
    // Ready means the listeners were bound (and their lines would have been printed).
    assert!(eventually(|| {
        client(None, &[])
            .get(format!("http://{admin}/healthz/ready"))
            .send()
            .is_ok_and(|r| r.status() == 200)
    }));
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let _ = stderr.read_to_string(&mut text);
    let _ = child.wait();
    assert!(text.contains("warning: no Ingress"), "{text}");
    assert!(
        !text.contains("listening on") && !text.contains("draining"),
        "info lines are left out with -q: {text}"
    );
}

#[test]
fn requests_cut_by_the_drain_timeout_are_logged_and_the_exit_status_says_so() {
    let be = Backend::start("slow");
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "simple.yaml",
        &GUIDE_INGRESS.replace("/status/.*", "/delay/.*"),
    );
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "simple.yaml",
            "--backend",
            &format!("httpbin:8000={}", be.addr),
            "--drain-timeout",
            "300ms",
        ],
    );
    let url = serve.http_url("/delay/10000");
    let in_flight = std::thread::spawn(move || {
        client(None, &[])
            .get(&url)
            .send()
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    });
    assert!(eventually(|| !be.seen.requests.lock().unwrap().is_empty()));
    let stdout = {
        let out = serve.stdout_handle();
        assert_eq!(serve.stop(), Some(3), "requests were cut: exit 3");
        out
    };
    assert_ne!(in_flight.join().unwrap(), 200, "the request was cut");
    assert!(
        eventually(|| stdout
            .lock()
            .unwrap()
            .contains("\"GET /delay/10000 HTTP/1.1\" 0 DC ")),
        "the cut request has its access-log line: {}",
        stdout.lock().unwrap()
    );
}

/// The HTTPS listener chooses AES-128-GCM with SHA-256 by its own order, as Envoy does, even
/// for a client that lists AES-256-GCM with SHA-384 first (OpenSSL's default order).
#[test]
fn the_https_listener_prefers_aes_128_gcm_over_the_clients_order() {
    let dir = tempfile::tempdir().unwrap();
    ca_and_leaf(dir.path(), "leaf", &["foo.bar.com", "127.0.0.1"]);
    write(
        dir.path(),
        "secure.yaml",
        include_str!("../docs/examples/guide/secure-ingress.yaml"),
    );
    let be = Backend::start("httpbin");
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "secure.yaml",
            "--tls-cert",
            "leaf.crt",
            "--tls-key",
            "leaf.key",
            "--backend",
            &format!("httpbin:8000={}", be.addr),
        ],
    );
    let https = serve.https.expect("HTTPS listener");
    let out = std::process::Command::new("openssl")
        .args([
            "s_client",
            "-connect",
            &https.to_string(),
            "-tls1_3",
            "-ciphersuites",
            "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("openssl is installed (.ci/run installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("TLS_AES_128_GCM_SHA256"),
        "negotiated: {}",
        text.lines()
            .filter(|l| l.contains("Cipher"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A backend that answers every connection with a head promising 100 bytes, sends 7, and
/// closes.
fn backend_cutting_its_body() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut head = [0u8; 4096];
            let _ = stream.read(&mut head);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial");
        }
    });
    addr
}

#[test]
fn a_body_cut_after_its_head_is_logged_as_cut() {
    let addr = backend_cutting_its_body();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ing.yaml", GUIDE_INGRESS);
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "ing.yaml",
            "--access-log-format",
            "json",
            "--backend",
            &format!("httpbin:8000={addr}"),
        ],
    );
    let resp = client(None, &[])
        .get(serve.http_url("/status/200"))
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200, "the head went out before the cut");
    assert!(resp.bytes().is_err(), "the client sees the body cut too");
    assert!(
        eventually(|| serve.stdout().lines().count() >= 1),
        "{}",
        serve.stdout()
    );
    let line: serde_json::Value =
        serde_json::from_str(serve.stdout().lines().next().unwrap()).unwrap();
    assert_eq!(line["response_code"], 200, "{line}");
    assert_eq!(
        line["response_flags"], "UC",
        "logged as cut by the upstream: {line}"
    );
    let stats = get(&format!("http://{}/healthz/ready", serve.admin), None).0;
    assert_eq!(stats, 200, "serve stays healthy");
}

/// serve on a directory with the guide's Ingress and a Service: without the Ingress the set is
/// still a configuration (an empty set is refused on its own).
fn serve_ingress_and_service() -> (Backend, tempfile::TempDir, Serve) {
    let be = Backend::start("httpbin");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "simple.yaml", GUIDE_INGRESS);
    write(
        dir.path(),
        "service.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: httpbin}\nspec: {ports: [{name: http, port: 8000}]}\n",
    );
    let backend = format!("httpbin:8000={}", be.addr);
    let serve = Serve::start(dir.path(), &["-f", ".", "--backend", &backend]);
    (be, dir, serve)
}

/// Found by `serve_under_change` under load: a reload that read a manifest file between its
/// truncation and its new content swapped in a table without routes (404s until the next
/// reload).
#[test]
fn a_file_read_empty_mid_write_keeps_the_last_good_table() {
    let (_be, dir, serve) = serve_ingress_and_service();
    let file = dir.path().join("simple.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    // Truncated, as a writer leaves it before writing.
    std::fs::File::create(&file).unwrap();
    assert!(serve.wait_stderr("became empty"), "{}", serve.stderr());
    assert_eq!(
        get(&serve.http_url("/status/200"), None).0,
        200,
        "still served"
    );
    std::fs::write(&file, text.replace("/status/.*", "/status/.*\n        backend:\n          serviceName: httpbin\n          servicePort: 8000\n      - path: /delay/.*")).unwrap();
    assert!(
        eventually(|| get(&serve.http_url("/delay/0"), None).0 == 200),
        "the finished write is read: {}",
        serve.stderr()
    );
}

/// The empty-file rule rejects one reading, not every later one.
#[test]
fn a_file_emptied_on_purpose_is_applied_at_the_next_reading() {
    let (_be, dir, serve) = serve_ingress_and_service();
    std::fs::File::create(dir.path().join("simple.yaml")).unwrap();
    assert!(serve.wait_stderr("became empty"), "{}", serve.stderr());
    assert_eq!(get(&serve.http_url("/status/200"), None).0, 200);
    serve.signal("HUP");
    assert!(
        eventually(|| get(&serve.http_url("/status/200"), None).0 == 404),
        "the empty file is taken at the next reading: {}",
        serve.stderr()
    );
}
