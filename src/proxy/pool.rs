//! Keep-alive HTTP/1.1 connections to one endpoint, for reuse by later requests.
//!
//! A connection goes back in as soon as its response head arrives; it is taken again once
//! hyper says it is ready (the response read to its end), so a request costs one short lock and
//! no task, timer or channel of the pool's own. The most recently used ready connection is
//! taken first (as nginx's keepalive cache and hyper-util's pool do): a burst's extra
//! connections go unused and are dropped when met closed or past [`IDLE_TIMEOUT`]. Past
//! [`MAX_POOLED`] connections (busy or not), the oldest is let go: it closes after its
//! response.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hyper::client::conn::http1::SendRequest;

use super::body::Body;

/// Connections kept per endpoint, busy ones included.
pub const MAX_POOLED: usize = 512;

/// A pooled connection unused this long is closed instead of reused (backends close theirs
/// after 5 to 75 s; nginx's upstream keepalive_timeout is 60 s).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(55);

/// The pooled connections of one endpoint.
#[derive(Default)]
pub struct ConnPool {
    conns: Mutex<VecDeque<Pooled>>,
}

struct Pooled {
    sender: SendRequest<Body>,
    since: Instant,
}

impl std::fmt::Debug for ConnPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnPool")
            .field("conns", &self.len())
            .finish()
    }
}

impl ConnPool {
    /// The most recently pooled connection that is ready for a request, if any; closed and
    /// stale ones met on the way are dropped, busy ones stay.
    pub fn take(&self) -> Option<SendRequest<Body>> {
        let mut conns = self.conns.lock().unwrap_or_else(|e| e.into_inner());
        let mut at = conns.len();
        while at > 0 {
            at -= 1;
            let pooled = &conns[at];
            if pooled.sender.is_closed() || pooled.since.elapsed() > IDLE_TIMEOUT {
                conns.remove(at);
                continue;
            }
            if pooled.sender.is_ready() {
                return conns.remove(at).map(|p| p.sender);
            }
        }
        None
    }

    /// Keeps a connection whose response head has arrived; it is handed out again once ready.
    pub fn put(&self, sender: SendRequest<Body>) {
        let mut conns = self.conns.lock().unwrap_or_else(|e| e.into_inner());
        if conns.len() >= MAX_POOLED {
            conns.retain(|p| !p.sender.is_closed());
        }
        if conns.len() >= MAX_POOLED {
            conns.pop_front();
        }
        conns.push_back(Pooled {
            sender,
            since: Instant::now(),
        });
    }

    /// Connections pooled (busy or idle).
    fn len(&self) -> usize {
        self.conns.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}
