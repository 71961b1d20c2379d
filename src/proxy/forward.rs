//! Forwarding one routed request: pick the first matching route rule and apply it (redirect,
//! fault, CORS, WebSocket, rewrite, appended headers, mirror, weighted destinations, timeout
//! and retries), or forward to the Ingress backend when no rule matches.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::request::Parts;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Empty};
use hyper::body::{Body as _, Incoming};
use hyper_util::rt::TokioIo;

use super::config::{RouteAction, Upstream};
use super::error::{ProxyError, text_response};
use super::handler::{Scheme, Shared};
use super::rules::{Action, Cors, Facts, Forward, RetryPolicy, Rule, sample};
use super::upstream::{self, Body, BoxError};
use std::future::Future as _;
use tokio::time::Instant;

/// What forwarding produced: the response (or error), the request id, the rule applied.
pub struct Forwarded {
    /// The response or the failure.
    pub result: Result<Response<Body>, ProxyError>,
    /// `x-request-id` sent upstream.
    pub request_id: Option<HeaderValue>,
    /// Index of the rule applied, in `RouteAction::rules`.
    pub rule: Option<usize>,
}

fn empty() -> Body {
    Empty::<Bytes>::new()
        .map_err(|never| match never {})
        .boxed()
}

fn is_websocket(req: &Request<Incoming>) -> bool {
    let has = |name: header::HeaderName, token: &str| {
        req.headers()
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    };
    has(header::UPGRADE, "websocket") && has(header::CONNECTION, "upgrade")
}

/// Forwards a request routed to `action`.
pub async fn dispatch(
    shared: &Shared,
    action: &RouteAction,
    req: Request<Incoming>,
    client: SocketAddr,
    scheme: Scheme,
) -> Forwarded {
    let rule = {
        let facts = Facts {
            path: req.uri().path(),
            scheme: scheme.as_str(),
            method: req.method(),
            authority: super::handler::host_of(&req),
            headers: req.headers(),
        };
        action.rules.iter().position(|r| r.matches(&facts))
    };
    let Some(index) = rule else {
        if is_websocket(&req) {
            return refuse_upgrade(None);
        }
        let mut f = prepare(req, client, scheme);
        let deadline = Instant::now() + action.policy.timeout;
        let result = send_with_policy(
            shared,
            &action.upstream,
            &mut f,
            action.policy.timeout,
            None,
        )
        .await;
        return Forwarded {
            result: result.map(|r| finish(r, deadline)),
            request_id: Some(f.request_id),
            rule: None,
        };
    };
    let r = &action.rules[index];
    let mut out = match &r.action {
        Action::Redirect { uri, authority } => Forwarded {
            result: Ok(redirect(&req, scheme, uri.as_deref(), authority.as_deref())),
            request_id: None,
            rule: None,
        },
        Action::Forward(fwd) => forward_rule(shared, action, r, fwd, req, client, scheme).await,
    };
    out.rule = Some(index);
    out
}

fn refuse_upgrade(rule: Option<usize>) -> Forwarded {
    Forwarded {
        result: Ok(text_response(
            StatusCode::FORBIDDEN,
            "websocket upgrade refused: no route rule with websocketUpgrade matches this request"
                .into(),
        )),
        request_id: None,
        rule,
    }
}

fn redirect(
    req: &Request<Incoming>,
    scheme: Scheme,
    uri: Option<&str>,
    authority: Option<&str>,
) -> Response<Body> {
    let host = authority.unwrap_or_else(|| super::handler::host_of(req));
    let path = uri.unwrap_or_else(|| req.uri().path());
    let query = match (uri.is_some_and(|u| u.contains('?')), req.uri().query()) {
        (false, Some(q)) => format!("?{q}"),
        _ => String::new(),
    };
    let location = format!("{}://{host}{path}{query}", scheme.as_str());
    let mut resp = text_response(StatusCode::FOUND, format!("redirecting to {location}"));
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

/// A request ready to send (possibly several times): its head, and its body until first use.
struct Prepared {
    parts: Parts,
    body: Option<Body>,
    replayable: bool,
    request_id: HeaderValue,
}

fn prepare(req: Request<Incoming>, client: SocketAddr, scheme: Scheme) -> Prepared {
    let (mut parts, body) = req.into_parts();
    upstream::strip_hop_by_hop(&mut parts.headers);
    let mut head = Request::from_parts(parts, ());
    let request_id = upstream::add_forwarding_headers(&mut head, client, scheme.as_str());
    let (parts, ()) = head.into_parts();
    let replayable = body.is_end_stream();
    Prepared {
        parts,
        body: Some(body.map_err(BoxError::from).boxed()),
        replayable,
        request_id,
    }
}

impl Prepared {
    /// The request for the next attempt; `None` when the body was used and cannot be replayed.
    fn next(&mut self) -> Option<Request<Body>> {
        let body = match self.body.take() {
            Some(b) => b,
            None if self.replayable => empty(),
            None => return None,
        };
        let mut req = Request::new(body);
        *req.method_mut() = self.parts.method.clone();
        *req.uri_mut() = self.parts.uri.clone();
        *req.version_mut() = self.parts.version;
        *req.headers_mut() = self.parts.headers.clone();
        Some(req)
    }
}

static JITTER: AtomicU64 = AtomicU64::new(0);

/// Back-off before retry `n` (1-based): 25 ms doubling, capped, plus up to 25 ms of jitter.
fn backoff(n: u32) -> Duration {
    let base = 25u64 << n.saturating_sub(1).min(4);
    let jitter = JITTER
        .fetch_add(7, Ordering::Relaxed)
        .wrapping_mul(2_654_435_761)
        % 25;
    Duration::from_millis(base + jitter)
}

fn retryable(result: &Result<Response<Incoming>, ProxyError>) -> bool {
    match result {
        Ok(resp) => resp.status().is_server_error(),
        Err(ProxyError::Connect { .. } | ProxyError::Reset { .. } | ProxyError::Timeout(_)) => true,
        Err(_) => false,
    }
}

/// Sends with the whole-request `timeout` (retries included) and the retry policy.
async fn send_with_policy(
    shared: &Shared,
    to: &Upstream,
    req: &mut Prepared,
    timeout: Duration,
    retries: Option<RetryPolicy>,
) -> Result<Response<Incoming>, ProxyError> {
    send_weighted(shared, |_| to, req, timeout, retries).await
}

async fn send_weighted<'a>(
    shared: &Shared,
    pick: impl Fn(u32) -> &'a Upstream,
    req: &mut Prepared,
    timeout: Duration,
    retries: Option<RetryPolicy>,
) -> Result<Response<Incoming>, ProxyError> {
    let attempts = async {
        let mut n = 0u32;
        loop {
            let Some(request) = req.next() else {
                return Err(ProxyError::BadRequest(
                    "the request body was already sent and cannot be replayed",
                ));
            };
            let send = shared.clients.send(pick(n), request);
            let result = match retries.and_then(|r| r.per_try) {
                Some(per_try) => tokio::time::timeout(per_try, send)
                    .await
                    .unwrap_or(Err(ProxyError::Timeout(per_try.as_millis()))),
                None => send.await,
            };
            let more = retries.is_some_and(|r| n < r.attempts) && req.replayable;
            if !more || !retryable(&result) {
                return result;
            }
            n += 1;
            tokio::time::sleep(backoff(n)).await;
        }
    };
    tokio::time::timeout(timeout, attempts)
        .await
        .unwrap_or(Err(ProxyError::Timeout(timeout.as_millis())))
}

/// The upstream response, hop-by-hop headers removed, its body bounded by the request deadline
/// (a backend that stalls mid-body cannot hold the client forever).
fn finish(resp: Response<Incoming>, deadline: Instant) -> Response<Body> {
    let (mut parts, body) = resp.into_parts();
    upstream::strip_hop_by_hop(&mut parts.headers);
    let body = Deadline {
        inner: body.map_err(BoxError::from).boxed(),
        sleep: Box::pin(tokio::time::sleep_until(deadline)),
    };
    Response::from_parts(parts, body.boxed())
}

/// A body that fails once its deadline passes.
struct Deadline {
    inner: Body,
    sleep: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl hyper::body::Body for Deadline {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        if let std::task::Poll::Ready(frame) = std::pin::Pin::new(&mut this.inner).poll_frame(cx) {
            return std::task::Poll::Ready(frame);
        }
        if this.sleep.as_mut().poll(cx).is_ready() {
            return std::task::Poll::Ready(Some(Err(
                "upstream response timeout: the body did not finish before the route's deadline"
                    .into(),
            )));
        }
        std::task::Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}

fn rewrite_path(parts: &mut Parts, rule: &Rule, to: &str) {
    let path = parts.uri.path();
    let new_path = match &rule.uri_prefix {
        Some(prefix) if path.starts_with(prefix.as_str()) => {
            format!("{to}{}", &path[prefix.len()..])
        }
        _ => to.to_string(),
    };
    let pq = match parts.uri.query() {
        Some(q) => format!("{new_path}?{q}"),
        None => new_path,
    };
    if let Ok(uri) = pq.parse() {
        parts.uri = uri;
    }
}

fn preflight(cors: &Cors, origin: &str) -> Response<Body> {
    let mut resp = text_response(StatusCode::OK, String::new());
    let h = resp.headers_mut();
    if let Some(allow) = cors.allow_origin(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
        if let Some(v) = &cors.methods {
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, v.clone());
        }
        if let Some(v) = &cors.headers {
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v.clone());
        }
        if let Some(v) = &cors.max_age {
            h.insert(header::ACCESS_CONTROL_MAX_AGE, v.clone());
        }
        if cors.credentials == Some(true) {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
    }
    resp
}

fn add_cors(resp: &mut Response<Body>, cors: &Cors, origin: &str) {
    let Some(allow) = cors.allow_origin(origin) else {
        return;
    };
    let h = resp.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
    if let Some(v) = &cors.expose {
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, v.clone());
    }
    if cors.credentials == Some(true) {
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
}

fn mirror(shared: &Shared, to: &std::sync::Arc<Upstream>, req: &Prepared) {
    if !req.replayable {
        return;
    }
    let mut shadow = Request::new(empty());
    *shadow.method_mut() = req.parts.method.clone();
    *shadow.uri_mut() = req.parts.uri.clone();
    *shadow.headers_mut() = req.parts.headers.clone();
    if let Some(host) = shadow
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
    {
        let shadowed = match host.rsplit_once(':') {
            Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => format!("{h}-shadow:{p}"),
            _ => format!("{host}-shadow"),
        };
        if let Ok(v) = HeaderValue::from_str(&shadowed) {
            shadow.headers_mut().insert(header::HOST, v);
        }
    }
    // Shadow traffic is best effort: bounded in number and time, dropped when saturated.
    let Ok(permit) = shared.mirror_slots.clone().try_acquire_owned() else {
        return;
    };
    let clients = shared.clients.clone();
    let to = to.clone();
    tokio::spawn(async move {
        let _ = tokio::time::timeout(Duration::from_secs(5), clients.send(&to, shadow)).await;
        drop(permit);
    });
}

async fn forward_rule(
    shared: &Shared,
    action: &RouteAction,
    rule: &Rule,
    fwd: &Forward,
    mut req: Request<Incoming>,
    client: SocketAddr,
    scheme: Scheme,
) -> Forwarded {
    let reply = |result| Forwarded {
        result,
        request_id: None,
        rule: None,
    };
    if let Some(fault) = &fwd.fault {
        if let Some((delay, pct)) = fault.delay
            && sample(&action.sampler, pct)
        {
            tokio::time::sleep(delay).await;
        }
        if let Some((status, pct)) = fault.abort
            && sample(&action.sampler, pct)
        {
            return reply(Ok(text_response(status, "fault filter abort".into())));
        }
    }
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_string);
    if let (Some(cors), Some(origin)) = (&fwd.cors, &origin)
        && req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        return reply(Ok(preflight(cors, origin)));
    }
    if is_websocket(&req) {
        if !fwd.websocket {
            return refuse_upgrade(None);
        }
        return websocket(
            shared,
            fwd,
            rule,
            &mut req,
            client,
            scheme,
            action.policy.timeout,
        )
        .await;
    }
    let mut prepared = prepare(req, client, scheme);
    apply_rewrites(&mut prepared.parts, rule, fwd);
    if let Some(m) = &fwd.mirror {
        mirror(shared, m, &prepared);
    }
    let timeout = fwd.timeout.unwrap_or(action.policy.timeout);
    let deadline = Instant::now() + timeout;
    // One weighted pick per request: retries go to the same destination, as Envoy does.
    let target = fwd.to.pick().clone();
    let result = send_weighted(
        shared,
        |_| target.as_ref(),
        &mut prepared,
        timeout,
        fwd.retries,
    )
    .await;
    let result = result.map(|resp| {
        let mut resp = finish(resp, deadline);
        if let (Some(cors), Some(origin)) = (&fwd.cors, &origin) {
            add_cors(&mut resp, cors, origin);
        }
        resp
    });
    Forwarded {
        result,
        request_id: Some(prepared.request_id),
        rule: None,
    }
}

fn apply_rewrites(parts: &mut Parts, rule: &Rule, fwd: &Forward) {
    if let Some(to) = &fwd.rewrite_uri {
        rewrite_path(parts, rule, to);
    }
    if let Some(host) = &fwd.rewrite_authority {
        parts.headers.insert(header::HOST, host.clone());
    }
    for (name, value) in &fwd.append {
        parts.headers.append(name.clone(), value.clone());
    }
}

/// Tunnels an HTTP/1.1 WebSocket upgrade both ways.
async fn websocket(
    shared: &Shared,
    fwd: &Forward,
    rule: &Rule,
    req: &mut Request<Incoming>,
    client: SocketAddr,
    scheme: Scheme,
    default_timeout: Duration,
) -> Forwarded {
    let downstream = hyper::upgrade::on(&mut *req);
    let upgrade = req.headers().get(header::UPGRADE).cloned();
    let mut head = Request::new(());
    *head.method_mut() = req.method().clone();
    *head.uri_mut() = req.uri().clone();
    *head.headers_mut() = req.headers().clone();
    upstream::strip_hop_by_hop(head.headers_mut());
    let request_id = upstream::add_forwarding_headers(&mut head, client, scheme.as_str());
    let (mut parts, ()) = head.into_parts();
    apply_rewrites(&mut parts, rule, fwd);
    parts
        .headers
        .insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    if let Some(u) = upgrade {
        parts.headers.insert(header::UPGRADE, u);
    }
    let outgoing = Request::from_parts(parts, empty());
    let to = fwd.to.pick().clone();
    let timeout = fwd.timeout.unwrap_or(default_timeout);
    let sent = tokio::time::timeout(timeout, shared.clients.send(&to, outgoing))
        .await
        .unwrap_or(Err(ProxyError::Timeout(timeout.as_millis())));
    let result = match sent {
        Ok(mut resp) if resp.status() == StatusCode::SWITCHING_PROTOCOLS => {
            let upstream_side = hyper::upgrade::on(&mut resp);
            tokio::spawn(async move {
                if let (Ok(down), Ok(up)) = (downstream.await, upstream_side.await) {
                    let _ = tokio::io::copy_bidirectional(
                        &mut TokioIo::new(down),
                        &mut TokioIo::new(up),
                    )
                    .await;
                }
            });
            let (parts, body) = resp.into_parts();
            Ok(Response::from_parts(
                parts,
                body.map_err(BoxError::from).boxed(),
            ))
        }
        Ok(resp) => Ok(finish(resp, Instant::now() + timeout)),
        Err(e) => Err(e),
    };
    Forwarded {
        result,
        request_id: Some(request_id),
        rule: None,
    }
}
