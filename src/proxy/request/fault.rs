//! Fault injection: a delay, or an abort with a status, each for a share of requests.

use http::Response;

use crate::proxy::body::Body;
use crate::proxy::error::text_response;
use crate::proxy::rules::{Fault, sample};

/// Applies the fault: sleeps for a delayed share; answers for an aborted share.
pub(super) async fn inject(
    fault: &Fault,
    sampler: &std::sync::atomic::AtomicUsize,
) -> Option<Response<Body>> {
    if let Some((delay, pct)) = fault.delay
        && sample(sampler, pct)
    {
        tokio::time::sleep(delay).await;
    }
    match fault.abort {
        Some((status, pct)) if sample(sampler, pct) => {
            Some(text_response(status, "fault filter abort".into()))
        }
        _ => None,
    }
}
