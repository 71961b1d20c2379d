//! The request path: route, pick an endpoint, rewrite headers, forward, answer, log.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use http::{Request, Response};
use hyper::body::Incoming;

use super::access_log::{AccessLog, Entry, Record, RequestLine, log_at_end};
use super::body::Body;
use super::config::RouteAction;
use super::error::{ProxyError, Side, error_response};
use super::shared::{Peer, Scheme, Shared, host_of};

/// Serves one request. Never fails: errors become responses.
pub async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
    client: Peer,
    scheme: Scheme,
) -> Result<Response<Body>, Infallible> {
    let started = Instant::now();
    let mut request = shared
        .access_log
        .enabled()
        .then(|| RequestLine::capture(&req, host_of(&req)));
    let head = req.method() == http::Method::HEAD;
    let admitted = super::admission::admit(req);
    // The log names the host that routed (the path stays as sent).
    if let (Some(line), Ok(req)) = (request.as_mut(), admitted.as_ref()) {
        let host = host_of(req);
        if line.host != host {
            line.host = host.to_string();
        }
    }
    let mut cut = CutLog {
        line: request.as_ref(),
        log: &shared.access_log,
        client: &client,
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
            let f = super::request::dispatch(&shared, action, req, &client, scheme).await;
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
                tracing::debug!(client = %client.addr, "refused: {err}");
            }
            (error_response(&err, shared.no_route_status), err.flag())
        }
    };
    // Every answer names a server (the ingress conformance scenarios expect one); the
    // backend's own is kept, as the guide's transcript shows it (Envoy's APPEND_IF_ABSENT).
    response
        .headers_mut()
        .entry(http::header::SERVER)
        .or_insert(http::HeaderValue::from_static("ingressctl"));
    // A HEAD answer has no body, whoever made it (over HTTP/2 a DATA frame would break it).
    if head {
        *response.body_mut() = super::body::empty();
    }
    let elapsed = started.elapsed();
    let counters = match &action {
        Some(a) => a.counters(&shared.stats),
        None => shared.stats.no_route(),
    };
    counters.record(response.status().as_u16(), elapsed);
    cut.armed = false;
    drop(cut);
    if let Some(request) = request {
        let record = Record {
            request,
            client,
            request_id,
            action: action.map(|a| (a, rule)),
            status: response.status().as_u16(),
            elapsed,
        };
        if flag == "-" {
            // Logged when the body ends: a body cut after the head is logged as cut.
            response = response.map(|body| log_at_end(body, record, &shared.access_log));
        } else {
            record.write(&shared.access_log, flag);
        }
    }
    Ok(response)
}

/// Writes the access-log line of a request whose handling was cut before it was answered (the
/// client went away, or the drain timed out): status 0 and flag `DC`, as Envoy logs it.
struct CutLog<'a> {
    line: Option<&'a RequestLine>,
    log: &'a AccessLog,
    client: &'a Peer,
    started: Instant,
    armed: bool,
}

impl Drop for CutLog<'_> {
    fn drop(&mut self) {
        let (true, Some(r)) = (self.armed, self.line) else {
            return;
        };
        self.log.write(&Entry {
            request: r,
            client: self.client,
            request_id: None,
            route: "-",
            rule: "-",
            upstream: "-",
            status: 0,
            flag: "DC",
            elapsed: self.started.elapsed(),
        });
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
