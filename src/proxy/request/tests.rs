//! The request path in process: a client talks HTTP/1.1 to `handler::handle` over an in-memory
//! `tokio::io::duplex` pipe (no listener, no binary); the backend is a hyper server on
//! loopback in the same process, since upstream clients connect by address.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use arc_swap::ArcSwap;
use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;

use crate::manifest::Source;
use crate::manifest::routing::IngressIdentity;
use crate::manifest::snapshot::Snapshot;
use crate::proxy::config::{AccessLogFormat, CompileOptions, compile};
use crate::proxy::endpoints::EndpointRegistry;
use crate::proxy::handler::handle;
use crate::proxy::shared::{Peer, Scheme, Shared};
use crate::proxy::stats::Stats;
use crate::proxy::upstream::Clients;

/// A backend that answers `PATH host=HOST` (and 503 for `/unavailable`), counting requests.
async fn backend() -> SocketAddr {
    backend_counting(Arc::new(AtomicUsize::new(0))).await
}

async fn backend_counting(hits: Arc<AtomicUsize>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let hits = hits.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                    hits.fetch_add(1, Ordering::SeqCst);
                    async move {
                        let host = req
                            .headers()
                            .get("host")
                            .and_then(|h| h.to_str().ok())
                            .unwrap_or("")
                            .to_string();
                        let mut resp = Response::new(Full::new(Bytes::from(format!(
                            "{} host={host}",
                            req.uri().path()
                        ))));
                        if req.uri().path() == "/api/unavailable" {
                            *resp.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
                        }
                        Ok::<_, Infallible>(resp)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

fn shared_for(yaml: &str) -> Arc<Shared> {
    let snap = Snapshot::from_sources(
        &[Source::from_text("t.yaml", yaml)],
        "istio",
        IngressIdentity::default(),
    );
    let opts = CompileOptions {
        backends: Vec::new(),
        cluster_domain: "cluster.local".into(),
        upstream_timeout: Duration::from_secs(5),
        default_cert: None,
        cert_dir: "/nonexistent".into(),
        tls_listeners: crate::proxy::config::TlsListeners::Both,
        https_port: 8443,
    };
    let compiled = compile(&snap, &opts, &EndpointRegistry::default()).expect("compiles");
    compiled.endpoint_changes.apply();
    let table = compiled.table;
    Arc::new(Shared {
        table: Arc::new(ArcSwap::from_pointee(table)),
        clients: Clients::new(Duration::from_secs(2)),
        stats: Arc::new(Stats::default()),
        access_log: Arc::new(crate::proxy::access_log::AccessLog::new(
            AccessLogFormat::Off,
        )),
        no_route_status: StatusCode::NOT_FOUND,
        mirror_slots: Arc::new(tokio::sync::Semaphore::new(4)),
        connection_slots: Arc::new(tokio::sync::Semaphore::new(4)),
        https_port: std::sync::atomic::AtomicU16::new(0),
        ready: std::sync::atomic::AtomicBool::new(true),
    })
}

/// Sends one request through the proxy over a duplex pipe; returns status and body.
async fn send(shared: Arc<Shared>, req: Request<Empty<Bytes>>) -> (StatusCode, String) {
    let (client_io, proxy_io) = tokio::io::duplex(64 * 1024);
    let peer: SocketAddr = "127.0.0.1:40000".parse().expect("address");
    tokio::spawn(async move {
        let service = hyper::service::service_fn(move |req| {
            handle(shared.clone(), req, Peer::new(peer), Scheme::Http)
        });
        let _ = hyper::server::conn::http1::Builder::new()
            .serve_connection(TokioIo::new(proxy_io), service)
            .with_upgrades()
            .await;
    });
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(client_io))
        .await
        .expect("handshake");
    tokio::spawn(conn);
    let resp = sender.send_request(req).await.expect("response");
    let status = resp.status();
    let body = resp.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn get(host: &str, path: &str) -> Request<Empty<Bytes>> {
    Request::get(path)
        .header("host", host)
        .body(Empty::new())
        .expect("request")
}

fn manifests(backend: SocketAddr, rule: &str) -> String {
    format!(
        "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: web, annotations: {{kubernetes.io/ingress.class: istio}}}}
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - {{path: /api/, pathType: Prefix, backend: {{service: {{name: api, port: {{number: 80}}}}}}}}
---
apiVersion: v1
kind: Service
metadata: {{name: api}}
spec: {{ports: [{{name: http, port: 80}}]}}
---
apiVersion: v1
kind: Endpoints
metadata: {{name: api}}
subsets:
- addresses: [{{ip: {ip}}}]
  ports: [{{name: http, port: {port}}}]
{rule}",
        ip = backend.ip(),
        port = backend.port()
    )
}

#[tokio::test]
async fn routes_by_host_and_path_and_answers_404_elsewhere() {
    let shared = shared_for(&manifests(backend().await, ""));
    let (status, body) = send(shared.clone(), get("web.example.com", "/api/users")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "/api/users host=web.example.com");
    let (status, _) = send(shared.clone(), get("web.example.com", "/other")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(shared, get("other.example.com", "/api/")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_rule_rewrites_redirects_and_aborts_in_its_phases() {
    let rules = "\
---
apiVersion: config.istio.io/v1alpha2
kind: RouteRule
metadata: {name: moved}
spec:
  destination: {name: api}
  precedence: 3
  match: {request: {headers: {uri: {prefix: /api/old/}}}}
  redirect: {uri: /api/new/}
---
apiVersion: config.istio.io/v1alpha2
kind: RouteRule
metadata: {name: renamed}
spec:
  destination: {name: api}
  precedence: 2
  match: {request: {headers: {uri: {prefix: /api/v1/}}}}
  rewrite: {uri: /api/v2/, authority: internal.example.com}
---
apiVersion: config.istio.io/v1alpha2
kind: RouteRule
metadata: {name: broken}
spec:
  destination: {name: api}
  precedence: 1
  match: {request: {headers: {uri: {prefix: /api/broken}}}}
  httpFault: {abort: {percent: 100, httpStatus: 418}}
";
    let shared = shared_for(&manifests(backend().await, rules));
    let (status, _) = send(shared.clone(), get("web.example.com", "/api/old/x")).await;
    assert_eq!(status, StatusCode::FOUND);
    let (status, body) = send(shared.clone(), get("web.example.com", "/api/v1/items")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "/api/v2/items host=internal.example.com");
    let (status, body) = send(shared, get("web.example.com", "/api/broken")).await;
    assert_eq!(status.as_u16(), 418);
    assert_eq!(body, "fault filter abort\n");
}

#[tokio::test]
async fn an_upstream_that_is_down_is_a_502_blamed_on_the_upstream() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = closed.local_addr().expect("address");
    drop(closed);
    let shared = shared_for(&manifests(addr, ""));
    let (status, body) = send(shared.clone(), get("web.example.com", "/api/")).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(body.starts_with("upstream connect error"), "{body}");
    assert!(
        shared.stats.prometheus().contains("kind=\"UF\"} 1"),
        "counted as an upstream failure: {}",
        shared.stats.prometheus()
    );
    let (status, _) = send(shared.clone(), get("web.example.com", "/nowhere")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        !shared.stats.prometheus().contains("kind=\"NR\""),
        "no route is the client's side, not an upstream failure"
    );
}

#[tokio::test]
async fn retries_a_5xx_as_the_rule_says_then_answers_it() {
    let rules = "\
---
apiVersion: config.istio.io/v1alpha2
kind: RouteRule
metadata: {name: patient}
spec:
  destination: {name: api}
  httpReqRetries: {simpleRetry: {attempts: 2, perTryTimeout: 1s}}
";
    let hits = Arc::new(AtomicUsize::new(0));
    let shared = shared_for(&manifests(backend_counting(hits.clone()).await, rules));
    let (status, _) = send(shared, get("web.example.com", "/api/unavailable")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        3,
        "the first try and two retries"
    );
}

#[tokio::test]
async fn a_preflight_is_answered_by_the_cors_phase_and_upgrades_are_refused() {
    let rules = "\
---
apiVersion: config.istio.io/v1alpha2
kind: RouteRule
metadata: {name: shared}
spec:
  destination: {name: api}
  corsPolicy: {allowOrigin: [https://app.example.com], allowMethods: [GET, PUT]}
";
    let hits = Arc::new(AtomicUsize::new(0));
    let shared = shared_for(&manifests(backend_counting(hits.clone()).await, rules));
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/api/things")
        .header("host", "web.example.com")
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "PUT")
        .body(Empty::new())
        .expect("request");
    let (status, _) = send(shared.clone(), preflight).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "answered without the backend"
    );
    let upgrade = Request::get("/api/socket")
        .header("host", "web.example.com")
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .body(Empty::new())
        .expect("request");
    let (status, body) = send(shared, upgrade).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn an_endpoint_that_refuses_connections_is_left_out() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = closed.local_addr().expect("address");
    drop(closed);
    let alive = backend().await;
    let yaml = manifests(alive, "").replace(
        &format!(
            "- addresses: [{{ip: {}}}]\n  ports: [{{name: http, port: {}}}]\n",
            alive.ip(),
            alive.port()
        ),
        &format!(
            "- addresses: [{{ip: {ip}}}]\n  ports: [{{name: http, port: {dead}}}]\n- addresses: [{{ip: {ip}}}]\n  ports: [{{name: http, port: {alive}}}]\n",
            ip = alive.ip(),
            dead = dead.port(),
            alive = alive.port()
        ),
    );
    let shared = shared_for(&yaml);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            send(shared.clone(), get("web.example.com", "/api/x"))
                .await
                .0,
        );
    }
    assert_eq!(
        statuses[0],
        StatusCode::BAD_GATEWAY,
        "the dead endpoint is tried first"
    );
    assert!(
        statuses[1..].iter().all(|s| *s == StatusCode::OK),
        "then left out: {statuses:?}"
    );
}

/// A backend counting the connections it accepts; with `keep_alive` false it closes each
/// connection after its answer.
async fn backend_counting_connections(conns: Arc<AtomicUsize>, keep_alive: bool) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            conns.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(|req: Request<Incoming>| async move {
                    Ok::<_, Infallible>(Response::new(Full::new(Bytes::from(
                        req.uri().path().to_string(),
                    ))))
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .keep_alive(keep_alive)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn upstream_connections_are_reused_and_closed_ones_replaced() {
    let conns = Arc::new(AtomicUsize::new(0));
    let shared = shared_for(&manifests(
        backend_counting_connections(conns.clone(), true).await,
        "",
    ));
    for i in 0..5 {
        let (status, body) =
            send(shared.clone(), get("web.example.com", &format!("/api/{i}"))).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, format!("/api/{i}").as_str())
        );
    }
    assert_eq!(conns.load(Ordering::SeqCst), 1, "one keep-alive connection");

    let conns = Arc::new(AtomicUsize::new(0));
    let shared = shared_for(&manifests(
        backend_counting_connections(conns.clone(), false).await,
        "",
    ));
    for i in 0..5 {
        let (status, _) = send(shared.clone(), get("web.example.com", &format!("/api/{i}"))).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "request {i} after the backend closed"
        );
    }
    assert_eq!(
        conns.load(Ordering::SeqCst),
        5,
        "a new connection each time"
    );
}
