//! Redirects: a 302 to the rule's URI and authority, keeping the query unless the new URI has one.

use http::{HeaderValue, Request, Response, StatusCode, header};
use hyper::body::Incoming;

use crate::proxy::body::Body;
use crate::proxy::error::text_response;
use crate::proxy::shared::{Scheme, host_of};

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
