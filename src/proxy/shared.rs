//! What every request shares: the served table, the clients, the counters and settings, and
//! which listener a request came in on.

use std::net::SocketAddr;
use std::sync::Arc;

use arc_swap::ArcSwap;
use http::{HeaderValue, Request, StatusCode, header};
use hyper::body::Incoming;

use super::access_log::AccessLog;
use super::config::RouteTable;
use super::stats::Stats;
use super::upstream::Clients;

/// Everything the request path shares across connections.
pub struct Shared {
    /// The current route table (swapped on reload).
    pub table: Arc<ArcSwap<RouteTable>>,
    /// Upstream clients.
    pub clients: Clients,
    /// Counters.
    pub stats: Arc<Stats>,
    /// The access log.
    pub access_log: Arc<AccessLog>,
    /// Status for "no route" (404, or 403 to reproduce the guide's transcript).
    pub no_route_status: StatusCode,
    /// Bounds concurrent mirror (shadow) requests.
    pub mirror_slots: Arc<tokio::sync::Semaphore>,
    /// The HTTPS listener's bound port (0 until bound), for redirects to `--https-addr` port 0.
    pub https_port: std::sync::atomic::AtomicU16,
    /// Bounds open client connections (`--max-connections`).
    pub connection_slots: Arc<tokio::sync::Semaphore>,
    /// True from the first table served until draining starts (`/healthz/ready`).
    pub ready: std::sync::atomic::AtomicBool,
}

/// The client end of a connection: its address, and its IP as an `x-forwarded-for` entry
/// (formatted once per connection, not per request).
#[derive(Debug, Clone)]
pub struct Peer {
    /// The client's address.
    pub addr: SocketAddr,
    /// `addr`'s IP, as header text.
    pub ip: HeaderValue,
}

impl Peer {
    /// The peer at `addr`.
    pub fn new(addr: SocketAddr) -> Self {
        let ip = HeaderValue::from_maybe_shared(bytes::Bytes::from(addr.ip().to_string()))
            .unwrap_or(HeaderValue::from_static("0.0.0.0"));
        Peer { addr, ip }
    }
}

/// Which listener a request came in on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP (and h2c).
    Http,
    /// TLS.
    Https,
}

impl Scheme {
    /// `http` or `https`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

/// The request's host: the `Host` header, else the HTTP/2 authority.
pub fn host_of(req: &Request<Incoming>) -> &str {
    req.headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or("")
}
