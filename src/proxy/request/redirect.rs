//! Redirects: a 302 to the rule's URI and authority, keeping the query unless the new URI has one.

use http::{HeaderValue, Request, Response, StatusCode, header};
use hyper::body::Incoming;

use crate::proxy::body::Body;
use crate::proxy::error::text_response;
use crate::proxy::shared::{Scheme, host_of};

/// `--https-redirect`: a 301 to the same host and target over HTTPS on `port`.
pub fn to_https(req: &Request<Incoming>, port: u16) -> Response<Body> {
    let host = host_of(req);
    if host.is_empty() {
        return text_response(
            StatusCode::BAD_REQUEST,
            "bad request: a Host is needed to redirect to HTTPS".into(),
        );
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => name,
        _ => host,
    };
    let authority = if port == 443 {
        name.to_string()
    } else {
        format!("{name}:{port}")
    };
    let target = match req.uri().path_and_query().map(|pq| pq.as_str()) {
        Some("*") | None => "/",
        Some(t) => t,
    };
    let location = format!("https://{authority}{target}");
    let mut resp = text_response(
        StatusCode::MOVED_PERMANENTLY,
        format!("redirecting to {location}"),
    );
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

/// A RouteRule's redirect: a 302 to its URI and authority.
pub(super) fn redirect(
    req: &Request<Incoming>,
    scheme: Scheme,
    uri: Option<&str>,
    authority: Option<&str>,
) -> Response<Body> {
    let host = authority.unwrap_or_else(|| host_of(req));
    let path = uri.unwrap_or_else(|| req.uri().path());
    let query = match (uri.is_some_and(|u| u.contains('?')), req.uri().query()) {
        (false, Some(q)) => format!("?{q}"),
        _ => String::new(),
    };
    let location = format!("{}://{host}{path}{query}", scheme.as_str());
    let mut resp = text_response(StatusCode::FOUND, format!("redirecting to {location}"));
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}
