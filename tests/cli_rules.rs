//! Route rules in `serve`, through the real binary against real backends: versions that
//! identify themselves, a slow backend, a flaky one, a WebSocket echo server.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};

use crate::support::serve::{Backend, Serve, client, eventually};

/// An Ingress exposing `/` of service `svc` (port 80), plus the given RouteRules.
fn manifests(rules: &str) -> String {
    format!(
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: web, annotations: {{kubernetes.io/ingress.class: istio}}}}
spec:
  ingressClassName: istio
  rules: [{{http: {{paths: [{{path: /, pathType: Prefix, backend: {{service: {{name: svc, port: {{number: 80}}}}}}}}]}}}}]
{rules}"
    )
}

fn rule(name: &str, body: &str) -> String {
    let body: String = body.lines().map(|l| format!("  {l}\n")).collect();
    format!(
        "---\napiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {{name: {name}}}\nspec:\n  destination: {{name: svc}}\n{body}"
    )
}

struct Setup {
    _dir: tempfile::TempDir,
    serve: Serve,
}

fn start(rules: &str, backends: &[(&str, &Backend)]) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.yaml"), manifests(rules)).unwrap();
    let mut args: Vec<String> = vec!["-f".into(), "m.yaml".into()];
    for (spec, be) in backends {
        args.push("--backend".into());
        args.push(format!("{spec}={}", be.addr));
    }
    let serve = Serve::start(
        dir.path(),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    Setup { _dir: dir, serve }
}

fn get(s: &Setup, path: &str, headers: &[(&str, &str)]) -> reqwest::blocking::Response {
    let c = client(None, &[]);
    let mut req = c.get(s.serve.http_url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().unwrap()
}

fn who(resp: reqwest::blocking::Response) -> String {
    resp.text()
        .unwrap()
        .split(' ')
        .next()
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_seed_timeout_rule_cuts_a_slow_request_at_4_seconds() {
    let slow = Backend::start("httpbin");
    let s = start(
        &rule(
            "status-route",
            "match:\n  source: {name: istio-ingress, labels: {istio: ingress}}\n  request: {headers: {uri: {prefix: /delay/}}}\nroute:\n- weight: 100\nhttpReqTimeout: {simpleTimeout: {timeout: 4s}}",
        ),
        &[("svc", &slow)],
    );
    let started = Instant::now();
    let resp = get(&s, "/delay/10000", &[]);
    let took = started.elapsed();
    assert_eq!(resp.status(), 504);
    assert!(
        took >= Duration::from_millis(3500) && took <= Duration::from_millis(4500),
        "took {took:?}"
    );
    assert_eq!(get(&s, "/delay/1000", &[]).status(), 200);
    assert!(
        eventually(|| s.serve.stdout().contains("\"default/status-route\"")),
        "the access log names the rule: {}",
        s.serve.stdout()
    );
}

#[test]
fn weighted_versions_follow_their_weights() {
    let v1 = Backend::start("v1");
    let v2 = Backend::start("v2");
    let s = start(
        &rule(
            "split",
            "route:\n- labels: {version: v1}\n  weight: 75\n- labels: {version: v2}\n  weight: 25",
        ),
        &[("svc@version=v1", &v1), ("svc@version=v2", &v2)],
    );
    let c = client(None, &[]);
    let n = 1000;
    let mut v2_hits = 0;
    for _ in 0..n {
        if c.get(s.serve.http_url("/x"))
            .send()
            .unwrap()
            .text()
            .unwrap()
            .starts_with("v2 ")
        {
            v2_hits += 1;
        }
    }
    let share = f64::from(v2_hits) / f64::from(n) * 100.0;
    assert!((share - 25.0).abs() <= 2.0, "v2 got {share}%");
}

#[test]
fn versions_can_come_from_endpoints_and_pods() {
    let v1 = Backend::start("v1");
    let v2 = Backend::start("v2");
    let extra = format!(
        "{}---
apiVersion: v1
kind: Endpoints
metadata: {{name: svc}}
subsets:
- addresses:
  - {{ip: 127.0.0.1, targetRef: {{kind: Pod, name: svc-v1}}}}
  ports: [{{port: {p1}}}]
- addresses:
  - {{ip: 127.0.0.1, targetRef: {{kind: Pod, name: svc-v2}}}}
  ports: [{{port: {p2}}}]
---
apiVersion: v1
kind: Pod
metadata: {{name: svc-v1, labels: {{app: svc, version: v1}}}}
---
apiVersion: v1
kind: Pod
metadata: {{name: svc-v2, labels: {{app: svc, version: v2}}}}
",
        rule("to-v2", "route:\n- labels: {version: v2}"),
        p1 = v1.addr.port(),
        p2 = v2.addr.port()
    );
    let s = start(&extra, &[]);
    for _ in 0..4 {
        assert_eq!(who(get(&s, "/x", &[])), "v2");
    }
}

#[test]
fn matches_pick_the_first_rule_by_precedence_and_fall_back_to_the_default_route() {
    let v1 = Backend::start("v1");
    let v2 = Backend::start("v2");
    let rules = [
        rule("jason", "precedence: 2\nmatch: {request: {headers: {cookie: {regex: '^(.*?;)?(user=jason)(;.*)?$'}}}}\nroute:\n- labels: {version: v2}"),
        rule("posts", "precedence: 1\nmatch: {request: {headers: {method: {exact: POST}}}}\nroute:\n- labels: {version: v2}"),
        rule("api-host", "precedence: 1\nmatch: {request: {headers: {authority: {prefix: api.}, uri: {prefix: /v2/}}}}\nroute:\n- labels: {version: v2}"),
        rule("everyone", "precedence: 0\nmatch: {request: {headers: {x-canary: {exact: 'no'}}}}\nroute:\n- labels: {version: v1}"),
    ]
    .concat();
    let s = start(&rules, &[("svc@version=v1", &v1), ("svc@version=v2", &v2)]);
    assert_eq!(who(get(&s, "/x", &[("cookie", "a=1;user=jason")])), "v2");
    assert_eq!(
        who(get(&s, "/x", &[("cookie", "user=jasonx")])),
        "v1",
        "default route: all instances, v1 first in turn"
    );
    let post = client(None, &[])
        .post(s.serve.http_url("/x"))
        .send()
        .unwrap();
    assert_eq!(who(post), "v2");
    assert_eq!(
        who(get(&s, "/v2/things", &[("host", "api.example.com")])),
        "v2"
    );
    assert_eq!(
        who(get(
            &s,
            "/v1/things",
            &[("host", "api.example.com"), ("x-canary", "no")]
        )),
        "v1"
    );
    let dump: serde_json::Value = client(None, &[])
        .get(format!("http://{}/config_dump", s.serve.admin))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let names: Vec<&str> = dump["http"]["virtualHosts"][0]["routes"][0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "default/jason",
            "default/api-host",
            "default/posts",
            "default/everyone"
        ]
    );
}

#[test]
fn redirects_and_rewrites() {
    let be = Backend::start("be");
    let rules = [
        rule("old", "precedence: 2\nmatch: {request: {headers: {uri: {exact: /v1/getProductRatings}}}}\nredirect: {uri: /v1/bookRatings, authority: bookratings.default.svc.cluster.local}"),
        rule("prefix", "precedence: 1\nmatch: {request: {headers: {uri: {prefix: /old/}}}}\nrewrite: {uri: /new/, authority: internal.svc}"),
    ]
    .concat();
    let s = start(&rules, &[("svc", &be)]);
    let resp = get(&s, "/v1/getProductRatings", &[]);
    assert_eq!(resp.status(), 302);
    assert_eq!(
        resp.headers()["location"],
        "http://bookratings.default.svc.cluster.local/v1/bookRatings"
    );
    let text = get(&s, "/old/a/b?q=1", &[]).text().unwrap();
    assert!(text.starts_with("be HTTP/1.1 GET /new/a/b?q=1"), "{text}");
    assert!(text.contains("host: internal.svc\n"), "{text}");
}

#[test]
fn retries_recover_from_a_flaky_backend_within_the_timeout() {
    let flaky = Backend::start("flaky");
    let rules = [
        rule("retry", "precedence: 1\nmatch: {request: {headers: {uri: {prefix: /fail-first/}}}}\nhttpReqRetries: {simpleRetry: {attempts: 3, perTryTimeout: 2s}}"),
        rule("slow-tries", "match: {request: {headers: {uri: {prefix: /delay/}}}}\nhttpReqTimeout: {simpleTimeout: {timeout: 1s}}\nhttpReqRetries: {simpleRetry: {attempts: 5, perTryTimeout: 300ms}}"),
    ]
    .concat();
    let s = start(&rules, &[("svc", &flaky)]);
    assert_eq!(
        get(&s, "/fail-first/2", &[]).status(),
        200,
        "two failures, then success"
    );
    assert_eq!(
        get(&s, "/fail-first/9", &[]).status(),
        503,
        "four attempts are not enough"
    );
    let started = Instant::now();
    assert_eq!(get(&s, "/delay/5000", &[]).status(), 504);
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(1600),
        "the whole-request timeout bounds the retries: {took:?}"
    );
    let body_post = client(None, &[])
        .post(s.serve.http_url("/fail-first/1"))
        .body("payload")
        .send()
        .unwrap();
    assert_eq!(body_post.status(), 503, "a streamed body is never replayed");
}

#[test]
fn websocket_upgrades_only_where_a_rule_allows_them() {
    let ws = Backend::start_websocket("echo");
    let rules = [
        rule("ws", "precedence: 1\nmatch: {request: {headers: {uri: {prefix: /ws}}}}\nwebsocketUpgrade: true"),
        rule("plain", "match: {request: {headers: {uri: {prefix: /}}}}"),
    ]
    .concat();
    let s = start(&rules, &[("svc", &ws)]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let http = s.serve.http;
    runtime.block_on(async move {
        let (mut socket, _) = tokio_tungstenite::connect_async(format!("ws://{http}/ws"))
            .await
            .expect("upgrade through the proxy");
        socket
            .send(tokio_tungstenite::tungstenite::Message::text("hello"))
            .await
            .unwrap();
        let reply = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(reply.into_text().unwrap().as_str(), "echo: hello");
        let refused = tokio_tungstenite::connect_async(format!("ws://{http}/other")).await;
        let err = refused.expect_err("a rule without websocketUpgrade refuses");
        assert!(err.to_string().contains("403"), "{err}");
    });
}

#[test]
fn append_headers_cors_mirror_and_faults() {
    let be = Backend::start("be");
    let shadow = Backend::start("shadow");
    let rules = [
        rule("abort", "precedence: 3\nmatch: {request: {headers: {uri: {prefix: /abort}}}}\nhttpFault: {abort: {percent: 100, httpStatus: 418}}"),
        rule("delay", "precedence: 3\nmatch: {request: {headers: {uri: {prefix: /slow}}}}\nhttpFault: {delay: {percent: 100, fixedDelay: 400ms}}"),
        rule("half", "precedence: 3\nmatch: {request: {headers: {uri: {prefix: /half}}}}\nhttpFault: {abort: {percent: 50, httpStatus: 503}}"),
        rule("cors", "precedence: 2\nmatch: {request: {headers: {uri: {prefix: /api}}}}\ncorsPolicy: {allowOrigin: [https://app.example], allowMethods: [GET, POST], allowHeaders: [x-token], maxAge: 24h}\nappendHeaders: {x-via: ingressctl}"),
        rule("mirror", "precedence: 1\nmatch: {request: {headers: {uri: {prefix: /mirror}}}}\nmirror: {name: shadow}"),
    ]
    .concat();
    let s = start(&rules, &[("svc", &be), ("shadow", &shadow)]);
    assert_eq!(get(&s, "/abort", &[]).status(), 418);
    let started = Instant::now();
    assert_eq!(get(&s, "/slow", &[]).status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(400));
    let aborted = (0..20)
        .filter(|_| get(&s, "/half", &[]).status() == 503)
        .count();
    assert_eq!(aborted, 10, "50% of 20 requests");
    let pre = client(None, &[])
        .request(reqwest::Method::OPTIONS, s.serve.http_url("/api/x"))
        .header("origin", "https://app.example")
        .header("access-control-request-method", "POST")
        .send()
        .unwrap();
    assert_eq!(pre.status(), 200);
    assert_eq!(
        pre.headers()["access-control-allow-origin"],
        "https://app.example"
    );
    assert_eq!(pre.headers()["access-control-allow-methods"], "GET,POST");
    assert_eq!(pre.headers()["access-control-max-age"], "86400");
    assert!(
        pre.headers().get("x-backend").is_none(),
        "the preflight is answered at the proxy"
    );
    let actual = get(&s, "/api/x", &[("origin", "https://app.example")]);
    assert_eq!(
        actual.headers()["access-control-allow-origin"],
        "https://app.example"
    );
    assert!(actual.text().unwrap().contains("x-via: ingressctl\n"));
    let resp = get(&s, "/mirror/1", &[("host", "shop.example")]);
    assert!(
        who(resp) == "be",
        "the main request is answered by the destination"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while shadow.seen.requests.lock().unwrap().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let seen = shadow.seen.requests.lock().unwrap().clone();
    assert_eq!(seen, ["GET /mirror/1 host=shop.example-shadow"]);
}

#[test]
fn the_ingress_identity_is_configurable() {
    let v1 = Backend::start("v1");
    let v2 = Backend::start("v2");
    let body = rule(
        "from-gw",
        "match: {source: {name: my-gateway, labels: {app: gw}}}\nroute:\n- labels: {version: v2}",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.yaml"), manifests(&body)).unwrap();
    let b1 = format!("svc@version=v1={}", v1.addr);
    let b2 = format!("svc@version=v2={}", v2.addr);
    let default = Serve::start(
        dir.path(),
        &["-f", "m.yaml", "--backend", &b1, "--backend", &b2],
    );
    let s = Setup {
        _dir: tempfile::tempdir().unwrap(),
        serve: default,
    };
    assert_eq!(
        who(get(&s, "/x", &[])),
        "v1",
        "a rule for another source does not apply"
    );
    let custom = Serve::start(
        dir.path(),
        &[
            "-f",
            "m.yaml",
            "--backend",
            &b1,
            "--backend",
            &b2,
            "--ingress-name",
            "my-gateway",
            "--ingress-label",
            "app=gw",
        ],
    );
    let s = Setup {
        _dir: tempfile::tempdir().unwrap(),
        serve: custom,
    };
    assert_eq!(who(get(&s, "/x", &[])), "v2");
}

#[test]
fn a_body_that_stalls_is_cut_at_the_route_deadline() {
    let be = Backend::start("stall");
    let s = start(
        &rule("short", "httpReqTimeout: {simpleTimeout: {timeout: 1s}}"),
        &[("svc", &be)],
    );
    let started = Instant::now();
    let resp = get(&s, "/stall-body", &[]);
    assert_eq!(resp.status(), 200, "the head arrived in time");
    let body = resp.text();
    assert!(
        body.is_err(),
        "the body is aborted, not completed: {body:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cut at the 1 s deadline, not left hanging: {:?}",
        started.elapsed()
    );
}
