//! `serve --demo`: the guide's manifests in front of a built-in backend that answers like
//! httpbin for what the guide uses, with a certificate made at start. No cluster, no files.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, Result};
use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::json;
use tokio::net::TcpListener;

use super::body::Body;
use crate::cert::secret::{DEFAULT_NAME, DEFAULT_NAMESPACE};
use crate::cert::{self, GenRequest, KeyType};
use crate::manifest::Source;

/// The guide's two Ingresses and its route rule (4 s timeout on `/delay/`).
pub const GUIDE_MANIFESTS: [&str; 3] = [
    include_str!("../../docs/examples/guide/simple-ingress.yaml"),
    include_str!("../../docs/examples/guide/secure-ingress.yaml"),
    include_str!("../../docs/examples/guide/status-route.yaml"),
];

/// The demo's manifests: the guide's Ingresses and an `istio-ingress-certs` Secret holding a
/// certificate made now for `foo.bar.com`, `localhost` and `127.0.0.1` (what the guide's
/// openssl and kubectl steps make).
pub fn manifests() -> Result<Source> {
    let bundle = cert::generate(&GenRequest {
        common_name: "foo.bar.com".into(),
        sans: vec!["localhost".into(), "127.0.0.1".into()],
        days: 30,
        key_type: KeyType::EcdsaP256,
        is_ca: false,
        issuer: None,
    })?;
    let secret = cert::secret::build(
        DEFAULT_NAME,
        DEFAULT_NAMESPACE,
        &bundle.cert_pem,
        &bundle.key_pem,
    );
    let secret_yaml = crate::manifest::yaml::to_yaml(&secret)?;
    let [simple, secure, route] = GUIDE_MANIFESTS;
    Ok(Source::from_text(
        "<demo>",
        &format!("{simple}---\n{secure}---\n{route}---\n{secret_yaml}"),
    ))
}

/// Starts the built-in backend on 127.0.0.1 (port chosen by the OS); returns its address.
pub async fn start_backend() -> Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .context("starting the demo backend")?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        loop {
            let Ok((stream, peer)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(async move {
                let service = service_fn(move |req| httpbin(req, peer));
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(addr)
}

fn json_response(status: StatusCode, value: serde_json::Value) -> Response<Body> {
    let mut body = serde_json::to_string_pretty(&value).unwrap_or_default();
    body.push('\n');
    let mut resp = Response::new(
        Full::new(Bytes::from(body))
            .map_err(|never| match never {})
            .boxed(),
    );
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    resp
}

fn headers_json(req: &Request<Incoming>) -> serde_json::Value {
    let mut map = BTreeMap::new();
    for (name, value) in req.headers() {
        map.insert(
            title_case(name.as_str()),
            value.to_str().unwrap_or("").to_string(),
        );
    }
    json!(map)
}

fn title_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            c.next().map_or(String::new(), |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn origin(req: &Request<Incoming>, peer: SocketAddr) -> String {
    req.headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map_or_else(|| peer.ip().to_string(), |v| v.trim().to_string())
}

/// Answers like httpbin for `/status/CODE`, `/delay/N` (up to 10 s), `/headers`, `/get`,
/// `/anything`, `/ip`.
async fn httpbin(req: Request<Incoming>, peer: SocketAddr) -> Result<Response<Body>, Infallible> {
    let path = req.uri().path().to_string();
    let url = format!(
        "http://{}{}",
        req.headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost"),
        req.uri().path_and_query().map_or("/", |p| p.as_str())
    );
    let resp = if let Some(code) = path.strip_prefix("/status/") {
        match code
            .parse::<u16>()
            .ok()
            .and_then(|c| StatusCode::from_u16(c).ok())
        {
            Some(status) => {
                let mut r = Response::new(
                    Full::new(Bytes::new())
                        .map_err(|never| match never {})
                        .boxed(),
                );
                *r.status_mut() = status;
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    header::HeaderValue::from_static("text/html; charset=utf-8"),
                );
                r
            }
            None => json_response(
                StatusCode::BAD_REQUEST,
                json!({"error": "invalid status code"}),
            ),
        }
    } else if let Some(secs) = path.strip_prefix("/delay/") {
        let secs: f64 = secs.parse().unwrap_or(0.0);
        tokio::time::sleep(Duration::from_secs_f64(secs.clamp(0.0, 10.0))).await;
        json_response(
            StatusCode::OK,
            json!({"url": url, "headers": headers_json(&req), "origin": origin(&req, peer)}),
        )
    } else if path == "/headers" {
        json_response(StatusCode::OK, json!({"headers": headers_json(&req)}))
    } else if path == "/ip" {
        json_response(StatusCode::OK, json!({"origin": origin(&req, peer)}))
    } else if path == "/get" {
        json_response(
            StatusCode::OK,
            json!({"args": {}, "headers": headers_json(&req), "origin": origin(&req, peer), "url": url}),
        )
    } else if path == "/anything" || path.starts_with("/anything/") {
        let method = req.method().to_string();
        let headers = headers_json(&req);
        let from = origin(&req, peer);
        let data = req
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        json_response(
            StatusCode::OK,
            json!({"method": method, "url": url, "headers": headers, "origin": from, "data": String::from_utf8_lossy(&data)}),
        )
    } else {
        json_response(StatusCode::NOT_FOUND, json!({"error": "not found"}))
    };
    Ok(resp)
}

/// The guide's "Verifying ingress" commands, pointed at the bound addresses.
pub fn instructions(http: SocketAddr, https: Option<SocketAddr>) -> String {
    let host = |a: SocketAddr| {
        if a.ip().is_unspecified() {
            format!("127.0.0.1:{}", a.port())
        } else {
            a.to_string()
        }
    };
    let mut out = format!(
        "ingressctl demo: the guide's Ingresses in front of a built-in httpbin. Try:\n  export INGRESS_HOST={}\n  curl -I http://$INGRESS_HOST/status/200          # 200: exposed by simple-ingress\n  curl -I http://$INGRESS_HOST/headers             # 404: not exposed\n",
        host(http)
    );
    if let Some(https) = https {
        out.push_str(&format!(
            "  export SECURE_INGRESS_HOST={}\n  curl -I -k https://$SECURE_INGRESS_HOST/status/200  # 200 over TLS (secure-ingress)\n  curl -I -k https://$SECURE_INGRESS_HOST/delay/2     # 200 after 2 s\n  curl -I -k https://$SECURE_INGRESS_HOST/delay/10    # 504 after 4 s (status-route's timeout)\n",
            host(https)
        ));
    }
    out
}
