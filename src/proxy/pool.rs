//! Keep-alive HTTP/1.1 connections to one endpoint, for reuse by later requests.
//!
//! A connection goes back in as soon as its response head arrives; it is taken again once
//! hyper says it is ready (the response read to its end), so a request costs one short lock and
//! no task, timer or channel of the pool's own. Connections that closed, or sat unused longer
//! than [`IDLE_TIMEOUT`], are dropped when met; past [`MAX_POOLED`] the extra ones close after
//! their response.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hyper::client::conn::http1::SendRequest;

use super::body::Body;

/// Connections kept per endpoint.
pub const MAX_POOLED: usize = 256;

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
    /// A connection ready for a request, if one is pooled.
    pub fn take(&self) -> Option<SendRequest<Body>> {
        let mut conns = self.conns.lock().unwrap_or_else(|e| e.into_inner());
        for _ in 0..conns.len() {
            let pooled = conns.pop_front()?;
            if pooled.sender.is_closed() {
                continue;
            }
            if !pooled.sender.is_ready() {
                // Still reading its last response: later.
                conns.push_back(pooled);
                continue;
            }
            if pooled.since.elapsed() > IDLE_TIMEOUT {
                continue;
            }
            return Some(pooled.sender);
        }
        None
    }

    /// Keeps a connection whose response head has arrived; it is handed out again once ready.
    pub fn put(&self, sender: SendRequest<Body>) {
        let mut conns = self.conns.lock().unwrap_or_else(|e| e.into_inner());
        if conns.len() < MAX_POOLED {
            conns.push_back(Pooled {
                sender,
                since: Instant::now(),
            });
        }
    }

    /// Connections pooled (busy or idle).
    pub fn len(&self) -> usize {
        self.conns.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// True when no connection is pooled.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
