//! CORS: answering preflight requests, and adding the allow headers to responses.

use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use hyper::body::Incoming;

use crate::proxy::body::Body;
use crate::proxy::error::text_response;
use crate::proxy::rules::Cors;

/// True for a CORS preflight: OPTIONS with `Access-Control-Request-Method`.
pub(super) fn is_preflight(req: &Request<Incoming>) -> bool {
    req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

pub(super) fn preflight(cors: &Cors, origin: &str) -> Response<Body> {
    let mut resp = text_response(StatusCode::OK, String::new());
    let h = resp.headers_mut();
    if let Some(allow) = cors.allow_origin(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
        if let Some(v) = &cors.methods {
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, v.clone());
        }
        if let Some(v) = &cors.headers {
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v.clone());
        }
        if let Some(v) = &cors.max_age {
            h.insert(header::ACCESS_CONTROL_MAX_AGE, v.clone());
        }
        if cors.credentials == Some(true) {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
    }
    resp
}

pub(super) fn add_cors(resp: &mut Response<Body>, cors: &Cors, origin: &str) {
    let Some(allow) = cors.allow_origin(origin) else {
        return;
    };
    let h = resp.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
    if let Some(v) = &cors.expose {
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, v.clone());
    }
    if cors.credentials == Some(true) {
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
}
