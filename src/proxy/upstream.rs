//! Talking to backends: pooled keep-alive clients (HTTP/1.1 and HTTP/2 cleartext), the
//! forwarded request's headers, and the error that says which side failed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{Request, Response, Uri};
use hyper::body::Incoming;
use hyper::client::conn::{http1, http2};
use hyper_util::rt::{TokioExecutor, TokioIo};

use super::body::Body;
use super::endpoints::{Picked, Upstream};
use super::error::ProxyError;
use super::shared::Peer;

/// Pooled clients: keep-alive HTTP/1.1 (each endpoint's [`ConnPool`]), and one multiplexed
/// HTTP/2 connection per h2c endpoint.
#[derive(Clone)]
pub struct Clients {
    h2c: Arc<H2Pool>,
    connect_timeout: Duration,
}

/// One HTTP/2 cleartext connection per endpoint, re-established when it closes. Requests keep
/// the client's authority as `:authority` (hyper's pooled client would use the endpoint).
#[derive(Default)]
pub struct H2Pool {
    conns: Mutex<HashMap<String, http2::SendRequest<Body>>>,
    connect_timeout: Duration,
}

impl H2Pool {
    async fn sender(&self, endpoint: &str) -> Result<http2::SendRequest<Body>, ProxyError> {
        if let Some(s) = self
            .conns
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(endpoint)
            && !s.is_closed()
        {
            return Ok(s.clone());
        }
        let stream = connect_tcp(endpoint, self.connect_timeout).await?;
        let (sender, conn) = http2::Builder::new(TokioExecutor::new())
            .timer(hyper_util::rt::TokioTimer::new())
            .keep_alive_interval(Duration::from_secs(10))
            .keep_alive_timeout(Duration::from_secs(5))
            .keep_alive_while_idle(true)
            .handshake(TokioIo::new(stream))
            .await
            .map_err(|e| connect_error(endpoint, format!("HTTP/2 handshake failed: {e}")))?;
        tokio::spawn(conn);
        self.conns
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(endpoint.to_string(), sender.clone());
        Ok(sender)
    }

    async fn send(
        &self,
        endpoint: &str,
        mut req: Request<Body>,
    ) -> Result<Response<Incoming>, ProxyError> {
        let authority = match req.headers_mut().remove(header::HOST) {
            Some(host) => Authority::try_from(host.as_bytes()),
            None => Authority::try_from(endpoint),
        }
        .map_err(|_| ProxyError::BadRequest("the request authority cannot be forwarded"))?;
        absolute_form(&mut req, authority).ok_or(ProxyError::BadRequest(
            "the request authority cannot be forwarded",
        ))?;
        *req.version_mut() = http::Version::HTTP_2;
        let mut sender = self.sender(endpoint).await?;
        sender.ready().await.map_err(|e| self.reset(endpoint, &e))?;
        sender
            .send_request(req)
            .await
            .map_err(|e| self.reset(endpoint, &e))
    }

    fn reset(&self, endpoint: &str, err: &hyper::Error) -> ProxyError {
        if super::error::caused_by_client_body(err) {
            return ProxyError::BadRequest("invalid request body");
        }
        self.conns
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(endpoint);
        ProxyError::Reset {
            endpoint: endpoint.to_string(),
            detail: err.to_string(),
        }
    }
}

impl Clients {
    /// Clients with keep-alive pools and TCP_NODELAY.
    pub fn new(connect_timeout: Duration) -> Self {
        let h2c = Arc::new(H2Pool {
            conns: Mutex::default(),
            connect_timeout,
        });
        Clients {
            h2c,
            connect_timeout,
        }
    }

    /// Sends the request to one endpoint of the upstream.
    pub async fn send(
        &self,
        upstream: &Upstream,
        mut req: Request<Body>,
    ) -> Result<Response<Incoming>, ProxyError> {
        let endpoint = upstream.pick().ok_or(ProxyError::NoEndpoint)?;
        let result = if upstream.h2c {
            // Boxed: the rare path's future does not make every request's future larger.
            Box::pin(self.h2c.send(&endpoint, req)).await
        } else {
            origin_form(&mut req, &endpoint)?;
            *req.version_mut() = http::Version::HTTP_11;
            self.send_h1(&endpoint, req).await
        };
        let result = result.and_then(passable);
        // Passive outlier detection: refused or reset connections leave the endpoint out
        // for a while; an answer (any status) brings it back.
        // Over h2c one stream's reset is not the endpoint's failure: only connecting counts.
        match &result {
            Err(ProxyError::Connect { .. }) => endpoint.failed(),
            Err(ProxyError::Reset { .. }) if !upstream.h2c => endpoint.failed(),
            Ok(_) => endpoint.succeeded(),
            Err(_) => {}
        }
        result
    }
}

impl Clients {
    /// Sends on a pooled connection when one is ready (again on a new one if it closed before
    /// the request went out), else on a new connection; the connection is pooled once its
    /// response head arrives.
    async fn send_h1(
        &self,
        endpoint: &Picked,
        mut req: Request<Body>,
    ) -> Result<Response<Incoming>, ProxyError> {
        let pool = endpoint.pool();
        if let Some(mut sender) = pool.take() {
            match sender.try_send_request(req).await {
                Ok(resp) => {
                    pool.put(sender);
                    return Ok(resp);
                }
                Err(mut failed) => match failed.take_message() {
                    Some(unsent) => req = unsent,
                    None => return Err(ProxyError::from_client(failed.error(), endpoint)),
                },
            }
        }
        // Boxed: connecting is the rare path; its future stays out of every request's.
        let mut sender = Box::pin(self.connect_h1(endpoint)).await?;
        let resp = sender
            .send_request(req)
            .await
            .map_err(|e| ProxyError::from_client(&e, endpoint))?;
        pool.put(sender);
        Ok(resp)
    }

    /// A new HTTP/1.1 connection (upgrades allowed: WebSocket tunnels use them).
    async fn connect_h1(&self, endpoint: &str) -> Result<http1::SendRequest<Body>, ProxyError> {
        let stream = connect_tcp(endpoint, self.connect_timeout).await?;
        let (sender, conn) = http1::Builder::new()
            .handshake(TokioIo::new(stream))
            .await
            .map_err(|e| connect_error(endpoint, e.to_string()))?;
        tokio::spawn(conn.with_upgrades());
        Ok(sender)
    }
}

/// A TCP connection to `endpoint` (TCP_NODELAY on) within `timeout`.
async fn connect_tcp(
    endpoint: &str,
    timeout: Duration,
) -> Result<tokio::net::TcpStream, ProxyError> {
    let stream = tokio::time::timeout(timeout, tokio::net::TcpStream::connect(endpoint))
        .await
        .map_err(|_| connect_error(endpoint, "connect timeout".into()))?
        .map_err(|e| connect_error(endpoint, e.to_string()))?;
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

fn connect_error(endpoint: &str, detail: String) -> ProxyError {
    ProxyError::Connect {
        endpoint: endpoint.to_string(),
        detail,
    }
}

/// The request as an HTTP/1.1 backend takes it: origin-form target (`/path?query`, as the
/// client sent it or without the absolute form's scheme and authority), and a `Host` (the
/// endpoint's when the client gave none).
fn origin_form<B>(req: &mut Request<B>, endpoint: &Picked) -> Result<(), ProxyError> {
    if !req.headers().contains_key(header::HOST) {
        let host = endpoint
            .authority()
            .and_then(|a| HeaderValue::from_str(a.as_str()).ok())
            .ok_or(ProxyError::BadRequest(
                "the request target cannot be forwarded",
            ))?;
        req.headers_mut().insert(header::HOST, host);
    }
    if req.uri().scheme().is_some() || req.uri().authority().is_some() {
        let target = req
            .uri()
            .path_and_query()
            .cloned()
            .unwrap_or_else(|| PathAndQuery::from_static("/"));
        *req.uri_mut() = Uri::from(target);
    }
    Ok(())
}

/// Points the request at `http://AUTHORITY` with its own path and query (no text is formatted
/// or parsed again); `None` when that makes no URI.
fn absolute_form<B>(req: &mut Request<B>, authority: Authority) -> Option<()> {
    let mut parts = std::mem::take(req.uri_mut()).into_parts();
    parts.scheme = Some(Scheme::HTTP);
    parts.authority = Some(authority);
    if parts.path_and_query.is_none() {
        parts.path_and_query = Some(PathAndQuery::from_static("/"));
    }
    *req.uri_mut() = Uri::from_parts(parts).ok()?;
    Some(())
}

/// The largest upstream response head passed on, near where Envoy and nginx stop.
const MAX_RESPONSE_HEAD: usize = 60 * 1024;

/// Refuses (502) a response that cannot be passed on safely: a head beyond
/// [`MAX_RESPONSE_HEAD`], or Content-Length values that disagree (RFC 9112 section 6.3: no
/// safe framing), whatever the method (a HEAD answer passed them on before).
fn passable(resp: Response<Incoming>) -> Result<Response<Incoming>, ProxyError> {
    let head: usize = resp
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if head > MAX_RESPONSE_HEAD {
        return Err(ProxyError::BadResponse("response head too large"));
    }
    let mut lengths = resp
        .headers()
        .get_all(header::CONTENT_LENGTH)
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("?").split(','))
        .map(str::trim);
    match lengths.next() {
        Some(first) if lengths.any(|l| l != first) => {
            Err(ProxyError::BadResponse("conflicting Content-Length values"))
        }
        _ => Ok(resp),
    }
}

const HOP_BY_HOP_COUNT: usize = 8;

/// Headers that describe one connection, not the message (RFC 9110 section 7.6.1).
const HOP_BY_HOP: [HeaderName; HOP_BY_HOP_COUNT] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

/// Removes hop-by-hop headers, including those named by `Connection`; keeps `te: trailers`
/// (gRPC needs it end to end). One pass finds which are there (usually none, or a response's
/// `Connection: keep-alive`); only those are looked up again.
pub fn strip_hop_by_hop(headers: &mut HeaderMap) {
    let mut present = [false; HOP_BY_HOP_COUNT];
    let mut te = false;
    for name in headers.keys() {
        if name == header::TE {
            te = true;
        } else if let Some(i) = HOP_BY_HOP.iter().position(|h| h == name) {
            present[i] = true;
        }
    }
    if present[0] {
        let named: Vec<HeaderName> = headers
            .get_all(header::CONNECTION)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|t| !t.eq_ignore_ascii_case("close") && !t.eq_ignore_ascii_case("keep-alive"))
            .filter_map(|name| HeaderName::from_bytes(name.as_bytes()).ok())
            .collect();
        for name in named.iter().filter(|n| **n != header::HOST) {
            headers.remove(name);
        }
    }
    for (name, _) in HOP_BY_HOP.iter().zip(present).filter(|(_, p)| *p) {
        headers.remove(name);
    }
    if te {
        let keep_trailers = headers
            .get(header::TE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(',')
                    .any(|t| t.trim().eq_ignore_ascii_case("trailers"))
            });
        headers.remove(header::TE);
        if keep_trailers {
            headers.insert(header::TE, HeaderValue::from_static("trailers"));
        }
    }
}

/// The `x-forwarded-*` and `x-request-id` headers a proxy adds; `Host` is kept (and set from
/// the HTTP/2 `:authority` when the client sent none). Returns the request id.
pub fn add_forwarding_headers<B>(
    req: &mut Request<B>,
    client: &Peer,
    scheme: &'static str,
) -> HeaderValue {
    if !req.headers().contains_key(header::HOST)
        && let Some(authority) = req
            .uri()
            .authority()
            .and_then(|a| HeaderValue::from_str(a.as_str()).ok())
    {
        req.headers_mut().insert(header::HOST, authority);
    }
    let headers = req.headers_mut();
    let xff = match headers.get(X_FORWARDED_FOR) {
        None => client.ip.clone(),
        Some(_) => {
            let mut chain = Vec::new();
            for prior in headers.get_all(X_FORWARDED_FOR) {
                chain.extend_from_slice(prior.as_bytes());
                chain.extend_from_slice(b", ");
            }
            chain.extend_from_slice(client.ip.as_bytes());
            // The Vec's buffer becomes the header's bytes: no copy.
            HeaderValue::from_maybe_shared(bytes::Bytes::from(chain))
                .unwrap_or_else(|_| client.ip.clone())
        }
    };
    headers.insert(X_FORWARDED_FOR, xff);
    headers.insert(X_FORWARDED_PROTO, HeaderValue::from_static(scheme));
    match headers.get(X_REQUEST_ID) {
        Some(id) => id.clone(),
        None => {
            let id = request_id_header();
            headers.insert(X_REQUEST_ID, id.clone());
            id
        }
    }
}

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

static SEQUENCE: AtomicU64 = AtomicU64::new(0);

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn process_key() -> u64 {
    static KEY: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *KEY.get_or_init(|| {
        let mut bytes = [0u8; 8];
        let _ = rustls::crypto::aws_lc_rs::default_provider()
            .secure_random
            .fill(&mut bytes);
        u64::from_le_bytes(bytes)
    })
}

/// A UUID-shaped request id, unique per process (a random start, then a counter through
/// splitmix), as a header value written without the formatting machinery.
fn request_id_header() -> HeaderValue {
    HeaderValue::from_maybe_shared(bytes::Bytes::copy_from_slice(&request_id_bytes()))
        .unwrap_or(HeaderValue::from_static("0"))
}

fn request_id_bytes() -> [u8; 36] {
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let a = splitmix(process_key() ^ n);
    let b = splitmix(a ^ n.rotate_left(32));
    // 8-4-4-4-12 hex digits; version 4, variant 10xx.
    let groups: [(u64, usize); 5] = [
        (a >> 32, 8),
        ((a >> 16) & 0xffff, 4),
        (0x4000 | (a & 0x0fff), 4),
        (((b >> 48) & 0x3fff) | 0x8000, 4),
        (b & 0xffff_ffff_ffff, 12),
    ];
    let mut out = [b'-'; 36];
    let mut at = 0;
    for (value, digits) in groups {
        for i in 0..digits {
            let nibble = (value >> (4 * (digits - 1 - i))) & 0xf;
            out[at + i] = b"0123456789abcdef"[nibble as usize];
        }
        at += digits + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_by_hop_headers_go_and_te_trailers_stays() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONNECTION,
            HeaderValue::from_static("keep-alive, x-secret"),
        );
        h.insert("x-secret", HeaderValue::from_static("1"));
        h.insert("keep-alive", HeaderValue::from_static("timeout=5"));
        h.insert(header::TE, HeaderValue::from_static("trailers, deflate"));
        h.insert(header::HOST, HeaderValue::from_static("a"));
        strip_hop_by_hop(&mut h);
        assert!(h.get("x-secret").is_none());
        assert!(h.get("keep-alive").is_none());
        assert!(h.get(header::CONNECTION).is_none());
        assert_eq!(h.get(header::TE).unwrap(), "trailers");
        assert_eq!(h.get(header::HOST).unwrap(), "a");
    }

    #[test]
    fn a_response_keep_alive_goes_and_te_without_trailers_goes() {
        let mut h = HeaderMap::new();
        h.insert(header::CONNECTION, HeaderValue::from_static("keep-alive"));
        h.insert(header::CONTENT_LENGTH, HeaderValue::from_static("3"));
        strip_hop_by_hop(&mut h);
        assert_eq!(h.len(), 1);
        assert_eq!(h.get(header::CONTENT_LENGTH).unwrap(), "3");
        let mut h = HeaderMap::new();
        h.insert(header::TE, HeaderValue::from_static("gzip"));
        h.insert("x-kept", HeaderValue::from_static("1"));
        strip_hop_by_hop(&mut h);
        assert!(h.get(header::TE).is_none());
        assert_eq!(h.len(), 1);
    }

    #[test]
    fn the_upstream_target_keeps_path_and_query_and_takes_the_endpoint() {
        let mut req = Request::get("/a%20b/c?x=1&y").body(()).unwrap();
        absolute_form(&mut req, Authority::from_static("10.0.0.7:8080")).unwrap();
        assert_eq!(req.uri(), "http://10.0.0.7:8080/a%20b/c?x=1&y");
        let mut req = Request::get("http://client.example:80/p").body(()).unwrap();
        absolute_form(&mut req, Authority::from_static("[::1]:80")).unwrap();
        assert_eq!(req.uri(), "http://[::1]:80/p");
        let mut req = Request::options("*").body(()).unwrap();
        absolute_form(&mut req, Authority::from_static("b:1")).unwrap();
        assert_eq!(req.uri().authority().unwrap(), "b:1");
    }

    #[test]
    fn request_ids_are_uuid_shaped_and_distinct() {
        let a = String::from_utf8(request_id_bytes().to_vec()).unwrap();
        let b = String::from_utf8(request_id_bytes().to_vec()).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        for id in [&a, &b] {
            for (i, c) in id.char_indices() {
                match i {
                    8 | 13 | 18 | 23 => assert_eq!(c, '-', "{id}"),
                    19 => assert!("89ab".contains(c), "variant 10xx: {id}"),
                    _ => assert!(c.is_ascii_hexdigit() && !c.is_ascii_uppercase(), "{id}"),
                }
            }
        }
    }
}
