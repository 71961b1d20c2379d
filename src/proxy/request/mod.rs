//! The request path after routing, in named phases. `dispatch` runs them in this order:
//!
//! 1. **match**: the first RouteRule of the route whose conditions hold (none: phase 6 with
//!    the Ingress backend);
//! 2. **redirect** (`redirect.rs`): answer 302 and stop;
//! 3. **fault** (`fault.rs`): delay, or abort with a status and stop;
//! 4. **CORS preflight** (`cors.rs`): answer OPTIONS and stop;
//! 5. **upgrade** (`websocket.rs`): tunnel a WebSocket when the rule allows it, else refuse;
//! 6. **prepare**: strip hop-by-hop headers, add forwarding headers and a request id;
//! 7. **rewrite** (`rewrite.rs`): path, authority, appended headers;
//! 8. **mirror** (`mirror.rs`): a bounded, best-effort shadow copy;
//! 9. **send** (`retry.rs`): one weighted pick, the route's timeout, retries with back-off;
//! 10. **respond** (`deadline.rs`, `cors.rs`): bound the body by the deadline, add CORS headers.
//!
//! One small file per filter; this file holds the order.

mod cors;
mod deadline;
pub use deadline::BodyDeadline;
mod fault;
mod mirror;
mod redirect;
mod retry;
mod rewrite;
mod websocket;

#[cfg(test)]
mod tests;

use http::request::Parts;
use http::{HeaderValue, Request, Response};
use http_body_util::BodyExt;
use hyper::body::{Body as _, Incoming};
use tokio::time::Instant;

use super::body::{Body, BoxError, empty};
use super::config::RouteAction;
use super::error::ProxyError;
use super::rules::{Action, Facts, Forward, Rule};
use super::shared::{Peer, Scheme, Shared, host_of};
use super::upstream;

/// What forwarding produced: the response (or error), the request id, the rule applied.
pub struct Forwarded {
    /// The response or the failure.
    pub result: Result<Response<Body>, ProxyError>,
    /// `x-request-id` sent upstream.
    pub request_id: Option<HeaderValue>,
    /// Index of the rule applied, in `RouteAction::rules`.
    pub rule: Option<usize>,
}

/// Forwards a request routed to `action`.
pub async fn dispatch(
    shared: &Shared,
    action: &RouteAction,
    req: Request<Incoming>,
    client: &Peer,
    scheme: Scheme,
) -> Forwarded {
    if let Some(port) = action.https_redirect {
        // Port 0 in --https-addr: the port the listener got.
        let port = match port {
            0 => shared.https_port.load(std::sync::atomic::Ordering::Relaxed),
            p => p,
        };
        return Forwarded {
            result: Ok(redirect::to_https(&req, port)),
            request_id: None,
            rule: None,
        };
    }
    let rule = {
        let facts = Facts {
            path: req.uri().path(),
            scheme: scheme.as_str(),
            method: req.method(),
            authority: host_of(&req),
            headers: req.headers(),
        };
        action.rules.iter().position(|r| r.matches(&facts))
    };
    let Some(index) = rule else {
        if websocket::is_websocket(&req) {
            return websocket::refuse(None);
        }
        let mut f = prepare(req, client, scheme);
        let deadline = Instant::now() + action.policy.timeout;
        let result = retry::send_with_policy(
            shared,
            &action.upstream,
            &mut f,
            action.policy.timeout,
            None,
        )
        .await;
        return Forwarded {
            result: result.map(|r| deadline::finish(r, deadline)),
            request_id: Some(f.request_id),
            rule: None,
        };
    };
    let r = &action.rules[index];
    let mut out = match &r.action {
        Action::Redirect { uri, authority } => Forwarded {
            result: Ok(redirect::redirect(
                &req,
                scheme,
                uri.as_deref(),
                authority.as_deref(),
            )),
            request_id: None,
            rule: None,
        },
        Action::Forward(fwd) => {
            Box::pin(forward_rule(shared, action, r, fwd, req, client, scheme)).await
        }
    };
    out.rule = Some(index);
    out
}

/// A request ready to send (possibly several times): its head, and its body until first use.
pub(super) struct Prepared {
    pub(super) parts: Parts,
    body: Option<Body>,
    pub(super) replayable: bool,
    request_id: HeaderValue,
    /// Set when reading the client's body failed while it was forwarded.
    body_failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

fn prepare(req: Request<Incoming>, client: &Peer, scheme: Scheme) -> Prepared {
    let (mut parts, body) = req.into_parts();
    upstream::strip_hop_by_hop(&mut parts.headers);
    let mut head = Request::from_parts(parts, ());
    let request_id = upstream::add_forwarding_headers(&mut head, client, scheme.as_str());
    let (parts, ()) = head.into_parts();
    let replayable = body.is_end_stream();
    let body_failed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = body_failed.clone();
    Prepared {
        parts,
        body: Some(
            body.map_err(move |e| {
                flag.store(true, std::sync::atomic::Ordering::Relaxed);
                BoxError::from(super::error::ClientBodyError(e))
            })
            .boxed(),
        ),
        replayable,
        request_id,
        body_failed,
    }
}

impl Prepared {
    /// True when reading the client's body failed while it was sent.
    pub(super) fn body_failed(&self) -> bool {
        self.body_failed.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// True when sending again cannot do harm: an idempotent method (RFC 9110 section 9.2.2)
    /// and no request body.
    pub(super) fn safe_to_resend(&self) -> bool {
        use http::Method;
        self.replayable
            && matches!(
                self.parts.method,
                Method::GET
                    | Method::HEAD
                    | Method::OPTIONS
                    | Method::TRACE
                    | Method::PUT
                    | Method::DELETE
            )
    }

    /// The request for the next attempt; `None` when the body was used and cannot be replayed.
    pub(super) fn next(&mut self) -> Option<Request<Body>> {
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

/// Phases 3 to 10 for a rule that forwards.
async fn forward_rule(
    shared: &Shared,
    action: &RouteAction,
    rule: &Rule,
    fwd: &Forward,
    mut req: Request<Incoming>,
    client: &Peer,
    scheme: Scheme,
) -> Forwarded {
    let reply = |result| Forwarded {
        result,
        request_id: None,
        rule: None,
    };
    if let Some(fault) = &fwd.fault
        && let Some(aborted) = Box::pin(fault::inject(fault, &action.sampler)).await
    {
        return reply(Ok(aborted));
    }
    let origin = req
        .headers()
        .get(http::header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_string);
    if let (Some(cors), Some(origin)) = (&fwd.cors, &origin)
        && cors::is_preflight(&req)
    {
        return reply(Ok(cors::preflight(cors, origin)));
    }
    if websocket::is_websocket(&req) {
        if !fwd.websocket {
            return websocket::refuse(None);
        }
        // Boxed, as the fault above: rare paths keep their futures out of every request's.
        return Box::pin(websocket::tunnel(
            shared,
            fwd,
            rule,
            &mut req,
            client,
            scheme,
            action.policy.timeout,
        ))
        .await;
    }
    let mut prepared = prepare(req, client, scheme);
    rewrite::apply_rewrites(&mut prepared.parts, rule, fwd);
    if let Some(m) = &fwd.mirror {
        mirror::mirror(shared, m, &prepared);
    }
    let timeout = fwd.timeout.unwrap_or(action.policy.timeout);
    let deadline = Instant::now() + timeout;
    // One weighted pick per request: retries go to the same destination, as Envoy does.
    let target = fwd.to.pick().clone();
    let result = retry::send_weighted(
        shared,
        |_| target.as_ref(),
        &mut prepared,
        timeout,
        fwd.retries,
    )
    .await;
    let result = result.map(|resp| {
        let mut resp = deadline::finish(resp, deadline);
        if let (Some(cors), Some(origin)) = (&fwd.cors, &origin) {
            cors::add_cors(&mut resp, cors, origin);
        }
        resp
    });
    Forwarded {
        result,
        request_id: Some(prepared.request_id),
        rule: None,
    }
}
