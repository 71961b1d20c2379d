//! The Kubernetes ingress-controller conformance scenarios (kubernetes-sigs/
//! ingress-controller-conformance, features `path_rules`, `host_rules` and `default_backend`)
//! against serve: the
//! same Ingresses, the same requests, the same expectations (status, the service that served,
//! the path and host the backend saw). Backends are recording servers named after their
//! Services.

use crate::support::serve::{Backend, Serve, ca_and_leaf, client};

const PATH_RULES: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: path-rules, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  rules:
  - host: exact-path-rules
    http:
      paths:
      - {path: /foo, pathType: Exact, backend: {service: {name: foo-exact, port: {number: 8080}}}}
  - host: prefix-path-rules
    http:
      paths:
      - {path: /foo, pathType: Prefix, backend: {service: {name: foo-prefix, port: {number: 8080}}}}
      - {path: /aaa/bbb, pathType: Prefix, backend: {service: {name: aaa-slash-bbb-prefix, port: {number: 8080}}}}
      - {path: /aaa, pathType: Prefix, backend: {service: {name: aaa-prefix, port: {number: 8080}}}}
  - host: mixed-path-rules
    http:
      paths:
      - {path: /foo, pathType: Prefix, backend: {service: {name: foo-prefix, port: {number: 8080}}}}
      - {path: /foo, pathType: Exact, backend: {service: {name: foo-exact, port: {number: 8080}}}}
  - host: trailing-slash-path-rules
    http:
      paths:
      - {path: /aaa/bbb/, pathType: Prefix, backend: {service: {name: aaa-slash-bbb-slash-prefix, port: {number: 8080}}}}
      - {path: /foo/, pathType: Exact, backend: {service: {name: foo-slash-exact, port: {number: 8080}}}}
";

const HOST_RULES: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: host-rules, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  tls:
  - hosts: [foo.bar.com]
    secretName: conformance-tls
  rules:
  - host: '*.foo.com'
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: wildcard-foo-com, port: {number: 8080}}}}
  - host: foo.bar.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: foo-bar-com, port: {name: http}}}}
";

const SERVICES: [&str; 8] = [
    "foo-exact",
    "foo-prefix",
    "aaa-slash-bbb-prefix",
    "aaa-prefix",
    "aaa-slash-bbb-slash-prefix",
    "foo-slash-exact",
    "wildcard-foo-com",
    "foo-bar-com",
];

/// (scheme, host, path, expected status, the service that serves it).
#[rustfmt::skip]
const SCENARIOS: &[(&str, &str, &str, u16, Option<&str>)] = &[
    // path_rules.feature
    ("http", "exact-path-rules", "/foo", 200, Some("foo-exact")),
    ("http", "exact-path-rules", "/foo/", 404, None),
    ("http", "exact-path-rules", "/FOO", 404, None),
    ("http", "exact-path-rules", "/bar", 404, None),
    ("http", "prefix-path-rules", "/foo", 200, Some("foo-prefix")),
    ("http", "prefix-path-rules", "/foo/", 200, Some("foo-prefix")),
    ("http", "prefix-path-rules", "/FOO", 404, None),
    ("http", "prefix-path-rules", "/aaa/bbb", 200, Some("aaa-slash-bbb-prefix")),
    ("http", "prefix-path-rules", "/aaa/bbb/ccc", 200, Some("aaa-slash-bbb-prefix")),
    ("http", "prefix-path-rules", "/aaa/ccc", 200, Some("aaa-prefix")),
    ("http", "prefix-path-rules", "/aaaccc", 404, None),
    ("http", "mixed-path-rules", "/foo", 200, Some("foo-exact")),
    ("http", "trailing-slash-path-rules", "/aaa/bbb", 200, Some("aaa-slash-bbb-slash-prefix")),
    ("http", "trailing-slash-path-rules", "/aaa/bbb/", 200, Some("aaa-slash-bbb-slash-prefix")),
    ("http", "trailing-slash-path-rules", "/foo", 404, None),
    // host_rules.feature
    ("https", "foo.bar.com", "/", 200, Some("foo-bar-com")),
    ("http", "foo.bar.com", "/", 200, Some("foo-bar-com")),
    ("http", "subdomain.bar.com", "/", 404, None),
    ("http", "bar.foo.com", "/", 200, Some("wildcard-foo-com")),
    ("http", "baz.bar.foo.com", "/", 404, None),
    ("http", "foo.com", "/", 404, None),
];

#[test]
fn the_path_and_host_rules_scenarios_hold() {
    let backends: Vec<Backend> = SERVICES.iter().map(|s| Backend::start(s)).collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ing.yaml"),
        format!("{PATH_RULES}---\n{HOST_RULES}"),
    )
    .unwrap();
    // The self-signed TLS secret for foo.bar.com, as the scenario's Background makes it.
    ca_and_leaf(dir.path(), "conformance-tls", &["foo.bar.com"]);
    let mut args = vec![
        "-f".to_string(),
        "ing.yaml".into(),
        "-f".into(),
        "conformance-tls-secret.yaml".into(),
    ];
    for (name, b) in SERVICES.iter().zip(&backends) {
        args.push("--backend".into());
        args.push(format!("{name}={}", b.addr));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let serve = Serve::start(dir.path(), &args);
    let https = serve.https.expect("HTTPS listener");
    let ca = dir.path().join("ca.crt");
    let mut wrong = Vec::new();
    for (scheme, host, path, want, service) in SCENARIOS {
        let (addr, port) = match *scheme {
            "https" => (https, https.port()),
            _ => (serve.http, serve.http.port()),
        };
        // The client verifies the certificate against the scenario's CA and the host name.
        let resp = client(Some(&ca), &[(host, addr)])
            .get(format!("{scheme}://{host}:{port}{path}"))
            .send();
        let Ok(resp) = resp else {
            wrong.push(format!("{scheme}://{host}{path}: {resp:?}"));
            continue;
        };
        let status = resp.status().as_u16();
        let body = resp.text().unwrap_or_default();
        // The recording backend answers `NAME VERSION METHOD PATH` then `host: ...`.
        let served_by = body.split_whitespace().next().unwrap_or_default();
        let seen_path = body.split_whitespace().nth(3).unwrap_or_default();
        let ok = status == *want
            && service.is_none_or(|s| {
                served_by == s && seen_path == *path && body.contains(&format!("host: {host}"))
            });
        if !ok {
            wrong.push(format!(
                "{scheme}://{host}{path}: got {status} from {served_by} (path {seen_path}), want {want} from {service:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// default_backend.feature: an Ingress with only a `defaultBackend`.
const DEFAULT_BACKEND: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: default-backend, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  defaultBackend:
    service:
      name: echo-service
      port:
        number: 8080
";

#[test]
fn the_default_backend_scenarios_hold() {
    let echo = Backend::start("echo-service");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ing.yaml"), DEFAULT_BACKEND).unwrap();
    let backend = format!("echo-service={}", echo.addr);
    let serve = Serve::start(dir.path(), &["-f", "ing.yaml", "--backend", &backend]);
    // (method, host, path) of the feature's Examples; no host: the address itself.
    let examples = [
        ("GET", "my-host", ""),
        ("GET", "my-host", "sub-path"),
        ("POST", "some-host", ""),
        ("PUT", "", "resource"),
        ("DELETE", "some-host", "resource"),
        ("PATCH", "my-host", "resource"),
    ];
    let http1 = reqwest::blocking::Client::builder()
        .http1_only()
        .user_agent("Go-http-client/1.1")
        .build()
        .unwrap();
    let mut wrong = Vec::new();
    for (method, host, path) in examples {
        let mut req = http1.request(method.parse().unwrap(), serve.http_url(&format!("/{path}")));
        if !host.is_empty() {
            req = req.header("host", host);
        }
        let resp = req.send().unwrap();
        let status = resp.status().as_u16();
        let version = resp.version();
        let missing: Vec<&str> = ["content-length", "content-type", "date", "server"]
            .into_iter()
            .filter(|h| !resp.headers().contains_key(*h))
            .collect();
        let body = resp.text().unwrap_or_default();
        let first: Vec<&str> = body.lines().next().unwrap_or_default().split(' ').collect();
        let ok = status == 200
            && version == reqwest::Version::HTTP_11
            && missing.is_empty()
            && first.first() == Some(&"echo-service")
            && first.get(1) == Some(&"HTTP/1.1")
            && first.get(2) == Some(&method)
            && first.get(3).copied() == Some(format!("/{path}").as_str())
            && body.contains("user-agent: Go-http-client/1.1");
        if !ok {
            wrong.push(format!(
                "{method} {host}/{path}: {status} {version:?}, missing headers {missing:?}, backend saw {body:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
