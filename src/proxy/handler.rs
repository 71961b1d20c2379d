//! The request path: route, pick an endpoint, rewrite headers, forward, answer, log.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use http::{HeaderValue, Request, Response, header};
use hyper::body::Incoming;

use super::body::Body;
use super::config::{AccessLogFormat, RouteAction};
use super::error::{ProxyError, Side, error_response};
use super::shared::{Scheme, Shared, host_of};

/// One access-log line: what the request looked like, and what became of it.
struct LogEntry<'a> {
    request: &'a RequestLine,
    client: SocketAddr,
    request_id: Option<HeaderValue>,
    route: &'a str,
    rule: &'a str,
    upstream: &'a str,
    status: u16,
    flag: &'a str,
    elapsed: Duration,
}

/// Serves one request. Never fails: errors become responses.
pub async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
    client: SocketAddr,
    scheme: Scheme,
) -> Result<Response<Body>, Infallible> {
    let started = Instant::now();
    let mut request =
        (shared.access_log != AccessLogFormat::Off).then(|| RequestLine::capture(&req));
    let head = req.method() == http::Method::HEAD;
    let admitted = super::admission::admit(req);
    // The log names the host that routed (the path stays as sent).
    if let (Some(line), Ok(req)) = (request.as_mut(), admitted.as_ref()) {
        line.host = host_of(req).to_string();
    }
    let mut cut = CutLog {
        line: request.as_ref(),
        format: shared.access_log,
        client,
        started,
        armed: true,
    };
    let action = admitted
        .as_ref()
        .ok()
        .and_then(|req| route(&shared, host_of(req), req.uri().path(), scheme));
    let (result, request_id, rule) = match (admitted, &action) {
        (Err(refused), _) => (Err(refused), None, None),
        (Ok(req), Some(action)) => {
            let f = super::request::dispatch(&shared, action, req, client, scheme).await;
            (f.result, f.request_id, f.rule)
        }
        (Ok(req), None) => (
            Err(ProxyError::NoRoute {
                host: host_of(&req).to_string(),
                path: req.uri().path().to_string(),
            }),
            None,
            None,
        ),
    };
    let rule_name = match (&action, rule) {
        (Some(a), Some(i)) => a.rules[i].name.as_str(),
        _ => "-",
    };
    let (mut response, flag) = match result {
        Ok(resp) => (resp, "-"),
        Err(err) => {
            if err.side() == Side::Upstream {
                tracing::warn!(
                    "upstream error on route {}: {err}",
                    action.as_ref().map_or("-", |a| a.name.as_str())
                );
                shared.stats.upstream_error(err.flag());
            } else {
                tracing::debug!(%client, "refused: {err}");
            }
            (error_response(&err, shared.no_route_status), err.flag())
        }
    };
    // A HEAD answer has no body, whoever made it (over HTTP/2 a DATA frame would break it).
    if head {
        *response.body_mut() = super::body::empty();
    }
    let elapsed = started.elapsed();
    let route_name = action
        .as_ref()
        .map_or(super::stats::NO_ROUTE, |a| a.name.as_str());
    let counters = match &action {
        Some(a) => a.counters(&shared.stats),
        None => shared.stats.no_route(),
    };
    counters.record(response.status().as_u16(), elapsed);
    if let Some(r) = &request {
        access_log(
            shared.access_log,
            &LogEntry {
                request: r,
                client,
                request_id,
                route: route_name,
                rule: rule_name,
                upstream: action.as_ref().map_or("-", |a| a.upstream.name.as_str()),
                status: response.status().as_u16(),
                flag,
                elapsed,
            },
        );
    }
    cut.armed = false;
    Ok(response)
}

/// Writes the access-log line of a request whose handling was cut before it was answered (the
/// client went away, or the drain timed out): status 0 and flag `DC`, as Envoy logs it.
struct CutLog<'a> {
    line: Option<&'a RequestLine>,
    format: AccessLogFormat,
    client: SocketAddr,
    started: Instant,
    armed: bool,
}

impl Drop for CutLog<'_> {
    fn drop(&mut self) {
        let (true, Some(r)) = (self.armed, self.line) else {
            return;
        };
        access_log(
            self.format,
            &LogEntry {
                request: r,
                client: self.client,
                request_id: None,
                route: "-",
                rule: "-",
                upstream: "-",
                status: 0,
                flag: "DC",
                elapsed: self.started.elapsed(),
            },
        );
    }
}

/// The parts of a request the access log needs, copied before the request is forwarded
/// (only when an access log is written).
struct RequestLine {
    start: SystemTime,
    method: String,
    path: String,
    version: http::Version,
    host: String,
    user_agent: String,
}

impl RequestLine {
    fn capture(req: &Request<Incoming>) -> Self {
        RequestLine {
            start: SystemTime::now(),
            method: req.method().as_str().to_string(),
            path: req.uri().path().to_string(),
            version: req.version(),
            host: host_of(req).to_string(),
            user_agent: req
                .headers()
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-")
                .to_string(),
        }
    }
}

fn route(shared: &Shared, host: &str, path: &str, scheme: Scheme) -> Option<Arc<RouteAction>> {
    let table = shared.table.load();
    let router = match scheme {
        Scheme::Http => &table.http,
        Scheme::Https => &table.https,
    };
    router
        .lookup(host, path)
        .map(|found| found.target().clone())
}

fn access_log(format: AccessLogFormat, e: &LogEntry<'_>) {
    let r = e.request;
    let time = time::OffsetDateTime::from(r.start)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let rid = e
        .request_id
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    let ms = e.elapsed.as_millis();
    let line = match format {
        AccessLogFormat::Json => serde_json::json!({
            "start_time": time, "method": r.method, "path": r.path, "protocol": format!("{:?}", r.version),
            "response_code": e.status, "response_flags": e.flag, "duration_ms": ms as u64,
            "downstream_remote_address": e.client.to_string(), "user_agent": r.user_agent,
            "request_id": rid, "authority": r.host, "route_name": e.route, "route_rule": e.rule, "upstream_cluster": e.upstream,
        })
        .to_string(),
        _ => format!(
            "[{time}] \"{} {} {:?}\" {} {} {ms} \"{}\" \"{}\" \"{rid}\" \"{}\" \"{}\" \"{}\" \"{}\"",
            r.method, r.path, r.version, e.status, e.flag, e.client.ip(), r.user_agent, r.host, e.route, e.rule, e.upstream
        ),
    };
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
}
