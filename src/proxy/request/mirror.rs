//! Mirroring: a shadow copy of the request (Host `-shadow`), best effort, bounded in number and
//! time, its answer ignored.

use std::time::Duration;

use http::{HeaderValue, Request, header};

use super::Prepared;
use crate::proxy::body::empty;
use crate::proxy::endpoints::Upstream;
use crate::proxy::shared::Shared;

pub(super) fn mirror(shared: &Shared, to: &std::sync::Arc<Upstream>, req: &Prepared) {
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
