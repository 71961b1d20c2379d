//! The upstream response on its way back: hop-by-hop headers removed, the body bounded by the
//! request's deadline.

use bytes::Bytes;
use http::Response;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use std::future::Future as _;
use tokio::time::Instant;

use crate::proxy::body::{Body, BoxError};
use crate::proxy::upstream;

/// The upstream response, hop-by-hop headers removed, its body bounded by the request deadline
/// (a backend that stalls mid-body cannot hold the client forever).
pub(super) fn finish(resp: Response<Incoming>, deadline: Instant) -> Response<Body> {
    let (mut parts, body) = resp.into_parts();
    upstream::strip_hop_by_hop(&mut parts.headers);
    let body = Deadline {
        inner: body,
        deadline,
        sleep: None,
    };
    Response::from_parts(parts, body.boxed())
}

/// A body that fails once its deadline passes. The timer is armed only when the body has to
/// wait: a body that is already there when first asked for costs no timer.
struct Deadline {
    inner: Incoming,
    deadline: Instant,
    sleep: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
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
            return std::task::Poll::Ready(frame.map(|f| f.map_err(BoxError::from)));
        }
        let deadline = this.deadline;
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if sleep.as_mut().poll(cx).is_ready() {
            return std::task::Poll::Ready(Some(Err(Box::new(BodyDeadline))));
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

/// The route's deadline passed while the response body was still coming (logged `UT`).
#[derive(Debug)]
pub struct BodyDeadline;

impl std::fmt::Display for BodyDeadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "upstream response timeout: the body did not finish before the route's deadline",
        )
    }
}

impl std::error::Error for BodyDeadline {}
