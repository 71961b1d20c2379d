//! WebSocket upgrades: tunnelled both ways when a route rule allows them, refused otherwise.

use std::time::Duration;

use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::time::Instant;

use super::{Forwarded, deadline, rewrite};
use crate::proxy::body::{BoxError, empty};
use crate::proxy::error::{ProxyError, text_response};
use crate::proxy::rules::{Forward, Rule};
use crate::proxy::shared::Peer;
use crate::proxy::shared::{Scheme, Shared};
use crate::proxy::upstream;

/// True for an HTTP/1.1 WebSocket upgrade request.
pub(super) fn is_websocket(req: &Request<Incoming>) -> bool {
    let has = |name: header::HeaderName, token: &str| {
        req.headers()
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    };
    has(header::UPGRADE, "websocket") && has(header::CONNECTION, "upgrade")
}

/// A 403 for an upgrade no rule allows.
pub(super) fn refuse(rule: Option<usize>) -> Forwarded {
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

/// Tunnels an HTTP/1.1 WebSocket upgrade both ways.
pub(super) async fn tunnel(
    shared: &Shared,
    fwd: &Forward,
    rule: &Rule,
    req: &mut Request<Incoming>,
    client: &Peer,
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
    rewrite::apply_rewrites(&mut parts, rule, fwd);
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
        Ok(resp) => Ok(deadline::finish(resp, Instant::now() + timeout)),
        Err(e) => Err(e),
    };
    Forwarded {
        result,
        request_id: Some(request_id),
        rule: None,
    }
}
