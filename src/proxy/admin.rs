//! The admin listener: readiness, Prometheus stats, and the compiled route table.

use std::convert::Infallible;
use std::sync::Arc;

use http::{Request, Response, StatusCode, header};
use hyper::body::Incoming;

use super::body::Body;
use super::config::dump;
use super::error::text_response;
use super::shared::Shared;

/// Answers one admin request.
pub async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let resp = match req.uri().path() {
        "/healthz/ready" | "/ready" => readiness(&shared),
        "/healthz/live" => text_response(StatusCode::OK, "LIVE".into()),
        "/stats/prometheus" => {
            let mut r = text_response(StatusCode::OK, shared.stats.prometheus());
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("text/plain; version=0.0.4"),
            );
            r
        }
        "/config_dump" => {
            let table = shared.table.load();
            let body =
                serde_json::to_string_pretty(&dump(&table)).unwrap_or_else(|e| e.to_string());
            let mut r = text_response(StatusCode::OK, body);
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("application/json"),
            );
            r
        }
        _ => text_response(
            StatusCode::NOT_FOUND,
            "admin endpoints: /healthz/ready /healthz/live /stats/prometheus /config_dump".into(),
        ),
    };
    Ok(resp)
}

/// 200 once the first table is served; 503 before (a cluster not yet synced) and while
/// draining, so a load balancer sends nothing new.
fn readiness(shared: &Shared) -> Response<Body> {
    if shared.ready.load(std::sync::atomic::Ordering::Acquire) {
        text_response(StatusCode::OK, "LIVE".into())
    } else {
        text_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: no configuration served yet, or draining".into(),
        )
    }
}
