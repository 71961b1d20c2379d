//! Why a request failed, which side is to blame, and the response a client gets for it.

use std::error::Error as _;

use bytes::Bytes;
use http::{Response, StatusCode, header};
use http_body_util::{BodyExt, Full};

use super::body::Body;

/// Where a failure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The client: a request that cannot be routed or forwarded.
    Downstream,
    /// The backend: unreachable, reset, too slow, or no endpoint.
    Upstream,
}

/// A request the proxy answers itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProxyError {
    /// The client sent something that cannot be forwarded.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// A method the ingress does not forward (CONNECT).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// Something HTTP allows that the ingress does not implement.
    #[error("not implemented: {0}")]
    NotImplemented(&'static str),
    /// No route for the host and path.
    #[error("no route for host {host} and path {path}")]
    NoRoute {
        /// Host as sent.
        host: String,
        /// Path as sent.
        path: String,
    },
    /// The upstream has no endpoints.
    #[error("no healthy upstream: the service has no endpoints")]
    NoEndpoint,
    /// The endpoint refused the connection or could not be reached.
    #[error("upstream connect error: {endpoint}: {detail}")]
    Connect {
        /// The endpoint.
        endpoint: String,
        /// What the OS said.
        detail: String,
    },
    /// The endpoint reset or closed the connection before answering.
    #[error("upstream reset before response: {endpoint}: {detail}")]
    Reset {
        /// The endpoint.
        endpoint: String,
        /// What happened.
        detail: String,
    },
    /// The upstream answered something that cannot be passed on (a malformed or oversized
    /// head, conflicting lengths).
    #[error("invalid upstream response: {0}")]
    BadResponse(&'static str),
    /// The upstream did not answer within the route's timeout.
    #[error("upstream request timeout after {0} ms")]
    Timeout(u128),
}

/// A failure reading the client's request body while it is forwarded (bad chunked framing, a
/// body shorter than its Content-Length): the client's fault, not the backend's.
#[derive(Debug)]
pub struct ClientBodyError(pub hyper::Error);

impl std::fmt::Display for ClientBodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "reading the request body: {}", self.0)
    }
}

impl std::error::Error for ClientBodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// What was wrong with an upstream response that hyper could not parse.
fn upstream_parse_error(err: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
    let mut cause = Some(err);
    while let Some(e) = cause {
        if let Some(h) = e.downcast_ref::<hyper::Error>() {
            if h.is_parse_too_large() {
                return Some("response head too large");
            }
            if h.is_parse() {
                return Some("malformed response head");
            }
        }
        cause = e.source();
    }
    None
}

/// True when a forwarding failure came from the client's own request body.
pub fn caused_by_client_body(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(err);
    while let Some(e) = cause {
        if e.is::<ClientBodyError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

impl ProxyError {
    /// What a failed HTTP/1.1 exchange on an open connection means for the client: its own
    /// body broke (400), the backend answered something unparsable (502), or the connection
    /// went (502, which a safe request may be sent again after).
    pub fn from_client(err: &hyper::Error, endpoint: &str) -> Self {
        if caused_by_client_body(err) {
            return ProxyError::BadRequest("invalid request body");
        }
        if let Some(bad) = upstream_parse_error(err) {
            return ProxyError::BadResponse(bad);
        }
        ProxyError::Reset {
            endpoint: endpoint.to_string(),
            detail: err
                .source()
                .map_or_else(|| err.to_string(), |s| s.to_string()),
        }
    }

    /// The status the client gets.
    pub fn status(&self) -> StatusCode {
        match self {
            ProxyError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ProxyError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ProxyError::NotImplemented(_) => StatusCode::NOT_IMPLEMENTED,
            ProxyError::NoRoute { .. } => StatusCode::NOT_FOUND,
            ProxyError::NoEndpoint => StatusCode::SERVICE_UNAVAILABLE,
            ProxyError::Connect { .. } | ProxyError::Reset { .. } | ProxyError::BadResponse(_) => {
                StatusCode::BAD_GATEWAY
            }
            ProxyError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    /// Which side is to blame.
    pub fn side(&self) -> Side {
        match self {
            ProxyError::BadRequest(_)
            | ProxyError::MethodNotAllowed
            | ProxyError::NotImplemented(_)
            | ProxyError::NoRoute { .. } => Side::Downstream,
            _ => Side::Upstream,
        }
    }

    /// A short flag for access logs, as Envoy's response flags.
    pub fn flag(&self) -> &'static str {
        match self {
            ProxyError::BadRequest(_)
            | ProxyError::MethodNotAllowed
            | ProxyError::NotImplemented(_) => "DPE",
            ProxyError::NoRoute { .. } => "NR",
            ProxyError::NoEndpoint => "UH",
            ProxyError::Connect { .. } => "UF",
            ProxyError::Reset { .. } => "UC",
            ProxyError::BadResponse(_) => "UPE",
            ProxyError::Timeout(_) => "UT",
        }
    }
}

/// A response with a one-line plain-text body.
pub fn text_response(status: StatusCode, body: String) -> Response<Body> {
    let mut resp = Response::new(
        Full::new(Bytes::from(body + "\n"))
            .map_err(|never| match never {})
            .boxed(),
    );
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    resp
}

/// The response for an error, with an overridable status for "no route". The body says what
/// happened and nothing of the inside (backend addresses, parser errors, the request echoed):
/// those go to the log.
pub fn error_response(err: &ProxyError, no_route_status: StatusCode) -> Response<Body> {
    let status = match err {
        ProxyError::NoRoute { .. } => no_route_status,
        _ => err.status(),
    };
    text_response(status, err.public_text().to_string())
}

impl ProxyError {
    /// What the client is told.
    pub fn public_text(&self) -> std::borrow::Cow<'static, str> {
        match self {
            ProxyError::BadRequest(why) => format!("bad request: {why}").into(),
            ProxyError::NotImplemented(what) => format!("not implemented: {what}").into(),
            ProxyError::MethodNotAllowed => "method not allowed".into(),
            ProxyError::NoRoute { .. } => "no route for this host and path".into(),
            ProxyError::NoEndpoint => "no healthy upstream".into(),
            ProxyError::Connect { .. } => "upstream connect error".into(),
            ProxyError::Reset { .. } => "upstream reset before response".into(),
            ProxyError::BadResponse(_) => "invalid upstream response".into(),
            ProxyError::Timeout(_) => "upstream request timeout".into(),
        }
    }
}
