//! Sending with the route's timeout, one weighted pick per request, and retries with back-off
//! for failures worth retrying (connect errors, resets, per-try timeouts, 5xx).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use http::Response;
use hyper::body::Incoming;

use super::Prepared;
use crate::proxy::endpoints::Upstream;
use crate::proxy::error::ProxyError;
use crate::proxy::rules::RetryPolicy;
use crate::proxy::shared::Shared;

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
pub(super) async fn send_with_policy(
    shared: &Shared,
    to: &Upstream,
    req: &mut Prepared,
    timeout: Duration,
    retries: Option<RetryPolicy>,
) -> Result<Response<Incoming>, ProxyError> {
    send_weighted(shared, |_| to, req, timeout, retries).await
}

pub(super) async fn send_weighted<'a>(
    shared: &Shared,
    pick: impl Fn(u32) -> &'a Upstream,
    req: &mut Prepared,
    timeout: Duration,
    retries: Option<RetryPolicy>,
) -> Result<Response<Incoming>, ProxyError> {
    let attempts = async {
        let mut n = 0u32;
        let mut resent_after_reset = false;
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
            // The client's body broke while it was sent (over h2c the error reaches us only as
            // a reset): the client's fault, not to be retried.
            if result.is_err() && req.body_failed() {
                return Err(ProxyError::BadRequest("invalid request body"));
            }
            // A connection that closed before any response byte (a backend dropping an idle
            // keep-alive connection as it was reused): sent again once on another connection
            // when that is safe, with or without a retry policy, as nginx and Envoy do.
            // With a retry policy, the policy decides; over h2c a stream reset may follow work
            // done, so only HTTP/1 connections are resent this way.
            if matches!(result, Err(ProxyError::Reset { .. }))
                && !resent_after_reset
                && retries.is_none()
                && !pick(n).h2c
                && req.safe_to_resend()
            {
                resent_after_reset = true;
                continue;
            }
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
