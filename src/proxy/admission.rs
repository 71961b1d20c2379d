//! The front door: what a request must be before it is routed. Hyper has already refused
//! what it cannot parse (smuggling framing, bad header syntax); this refuses what parses but
//! would be routed on something unchecked, and normalises what routing reads:
//!
//! - the target: origin-form (`/path`) or absolute-form; CONNECT and authority-form are
//!   refused (405, 400), as nginx does;
//! - the host (RFC 9112 section 3.2, RFC 9113 section 8.3.1): one valid `Host` (no user info,
//!   no spaces), required on HTTP/1.1; an absolute-form target's authority replaces it, and over
//!   HTTP/2 `:authority` wins over a `host` header that differs (that header is dropped);
//! - the path: `%2E` decoded and dot segments removed (RFC 3986 section 5.2.4) before routing
//!   and forwarding, as Envoy's `normalize_path` and nginx do, so `/public/../private` is routed
//!   as `/private`; encoded slashes and backslashes (`%2F`, `%5C`) are refused (400), since
//!   backends disagree on them; repeated slashes are kept (Istio's default);
//! - the body framing: a `Transfer-Encoding` other than `chunked` alone is refused (501,
//!   RFC 9112 section 6.1), rather than forwarded without its coding.

use http::header::{HOST, TRANSFER_ENCODING};
use http::uri::{Authority, PathAndQuery};
use http::{HeaderValue, Method, Request, Uri, Version};

use super::error::ProxyError;

/// Checks and normalises a request; an error is the answer to send instead.
pub fn admit<B>(mut req: Request<B>) -> Result<Request<B>, ProxyError> {
    if req.method() == Method::CONNECT {
        return Err(ProxyError::MethodNotAllowed);
    }
    check_transfer_encoding(&req)?;
    settle_host(&mut req)?;
    let path = normalized_path(req.uri())?;
    if let Some(path) = path {
        let uri = rebuilt_uri(req.uri(), &path)?;
        *req.uri_mut() = uri;
    }
    Ok(req)
}

fn check_transfer_encoding<B>(req: &Request<B>) -> Result<(), ProxyError> {
    let mut codings = Vec::new();
    for value in req.headers().get_all(TRANSFER_ENCODING) {
        let text = value
            .to_str()
            .map_err(|_| ProxyError::BadRequest("unreadable Transfer-Encoding"))?;
        codings.extend(
            text.split(',')
                .map(|c| c.trim().to_ascii_lowercase())
                .filter(|c| !c.is_empty()),
        );
    }
    match codings.as_slice() {
        [] => Ok(()),
        [only] if only == "chunked" => Ok(()),
        _ => Err(ProxyError::NotImplemented(
            "transfer codings other than chunked",
        )),
    }
}

/// One host for routing and forwarding, from the target, `:authority` or `Host`.
fn settle_host<B>(req: &mut Request<B>) -> Result<(), ProxyError> {
    let target_authority = match (req.uri().scheme(), req.uri().authority()) {
        (Some(_), Some(a)) if a.as_str().contains('@') => {
            return Err(ProxyError::BadRequest("user info in the target"));
        }
        (Some(_), Some(a)) => Some(a.clone()),
        // `GET abc` or `GET host:80`: authority-form is for CONNECT only.
        (None, Some(_)) => return Err(ProxyError::BadRequest("the target must start with /")),
        _ => None,
    };
    let asterisk = req.uri().path() == "*";
    if asterisk && req.method() != Method::OPTIONS {
        return Err(ProxyError::BadRequest("`*` is a target for OPTIONS only"));
    }
    if !req.uri().path().starts_with('/') && !asterisk {
        return Err(ProxyError::BadRequest("the target must start with /"));
    }
    let mut hosts = req.headers().get_all(HOST).iter();
    let first = hosts.next();
    if hosts.next().is_some() {
        return Err(ProxyError::BadRequest("more than one Host header"));
    }
    let header = first.map(valid_host).transpose()?;
    match (req.version(), target_authority, header) {
        // HTTP/2 and 3: `:authority` wins; a differing `host` header is dropped.
        (Version::HTTP_2 | Version::HTTP_3, Some(authority), Some(host))
            if !host.as_str().eq_ignore_ascii_case(authority.as_str()) =>
        {
            req.headers_mut().remove(HOST);
        }
        (Version::HTTP_2 | Version::HTTP_3, _, _) => {}
        // HTTP/1: an absolute-form target's authority replaces Host (RFC 9112 section 3.2.2).
        (Version::HTTP_11, Some(_), None) => {
            return Err(ProxyError::BadRequest("HTTP/1.1 requires a Host header"));
        }
        (_, Some(authority), _) => {
            let value = HeaderValue::from_str(authority.as_str())
                .map_err(|_| ProxyError::BadRequest("invalid authority in the target"))?;
            req.headers_mut().insert(HOST, value);
        }
        (Version::HTTP_11, None, None) => {
            return Err(ProxyError::BadRequest("HTTP/1.1 requires a Host header"));
        }
        _ => {}
    }
    Ok(())
}

/// A Host value as an authority: `host[:port]`, no user info, no spaces.
fn valid_host(value: &HeaderValue) -> Result<Authority, ProxyError> {
    let bad = ProxyError::BadRequest("invalid Host header");
    let text = value.to_str().map_err(|_| bad.clone())?;
    if text.is_empty() || text.contains(['@', ' ', '\t', '/', '?', '#']) {
        return Err(bad);
    }
    text.parse::<Authority>().map_err(|_| bad)
}

/// The path with `%2E` decoded and dot segments removed; `None` when it is already so.
fn normalized_path(uri: &Uri) -> Result<Option<String>, ProxyError> {
    let path = uri.path();
    // The usual path has nothing to decode, refuse or remove: no `%`, `\\`, `;`, and no
    // segment starting with a dot.
    if !path.bytes().any(|b| matches!(b, b'%' | b'\\' | b';')) && !path.contains("/.") {
        return Ok(None);
    }
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || path.contains('\\') {
        return Err(ProxyError::BadRequest(
            "encoded slash or backslash in the path",
        ));
    }
    // `..;x` is `..` to Tomcat, Jetty and Spring: a dot segment with parameters is refused.
    let dotted_params = |s: &str| {
        s.split_once(';')
            .is_some_and(|(head, _)| matches!(decode_dots(head).as_str(), "." | ".."))
    };
    if path.split('/').any(dotted_params) {
        return Err(ProxyError::BadRequest("a dot segment with parameters"));
    }
    if path == "*" {
        return Ok(None);
    }
    let decoded = if lower.contains("%2e") {
        decode_dots(path)
    } else {
        path.to_string()
    };
    let normal = remove_dot_segments(&decoded);
    Ok((normal != path).then_some(normal))
}

fn decode_dots(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3).unwrap_or("");
        if code.eq_ignore_ascii_case("2e") {
            out.push('.');
            rest = &rest[i + 3..];
        } else {
            out.push('%');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// RFC 3986 section 5.2.4, for an absolute path.
pub fn remove_dot_segments(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let trailing = path.ends_with("/.") || path.ends_with("/..") || path == "." || path == "..";
    for segment in path.split('/').skip(1) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::with_capacity(path.len());
    for s in &segments {
        out.push('/');
        out.push_str(s);
    }
    if trailing || out.is_empty() {
        out.push('/');
    }
    out
}

fn rebuilt_uri(uri: &Uri, path: &str) -> Result<Uri, ProxyError> {
    let with_query = match uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(
        with_query
            .parse::<PathAndQuery>()
            .map_err(|_| ProxyError::BadRequest("invalid path"))?,
    );
    Uri::from_parts(parts).map_err(|_| ProxyError::BadRequest("invalid path"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(version: Version, target: &str, hosts: &[&str]) -> Request<()> {
        let mut b = Request::builder().version(version).uri(target);
        for h in hosts {
            b = b.header(HOST, *h);
        }
        b.body(()).unwrap()
    }

    fn admitted(
        version: Version,
        target: &str,
        hosts: &[&str],
    ) -> Result<(String, String), ProxyError> {
        admit(request(version, target, hosts)).map(|r| {
            let host = r
                .headers()
                .get(HOST)
                .map(|h| h.to_str().unwrap().to_string())
                .unwrap_or_default();
            (host, r.uri().path().to_string())
        })
    }

    #[test]
    fn dot_segments_are_removed_as_rfc_3986_says() {
        for (input, want) in [
            ("/a/b/c/./../../g", "/a/g"),
            ("/public/../private", "/private"),
            ("/../../x", "/x"),
            ("/a/..", "/"),
            ("/a/.", "/a/"),
            ("/a//b", "/a//b"),
            ("/", "/"),
            ("/a/b/", "/a/b/"),
        ] {
            assert_eq!(remove_dot_segments(input), want, "{input}");
        }
    }

    #[test]
    fn paths_are_normalised_before_routing() {
        let v = Version::HTTP_11;
        let path = |t| admitted(v, t, &["a"]).map(|(_, p)| p);
        assert_eq!(path("/public/../private").unwrap(), "/private");
        assert_eq!(path("/public/%2e%2e/private").unwrap(), "/private");
        assert_eq!(path("/public/%2E%2e/private?x=1").unwrap(), "/private");
        assert!(path("/public/..%2fprivate").is_err());
        assert!(path("/public/..%5Cprivate").is_err());
        assert!(path("/public/..\\private").is_err(), "a raw backslash");
        assert!(path("/public/..;/private").is_err());
        assert!(path("/public/%2e%2e;x/private").is_err());
        assert_eq!(path("/a;b/c").unwrap(), "/a;b/c", "other parameters stay");
        assert_eq!(path("/a%20b").unwrap(), "/a%20b", "other escapes stay");
    }

    #[test]
    fn the_host_is_checked_and_the_target_authority_wins() {
        let v1 = Version::HTTP_11;
        assert!(admitted(v1, "/", &["a", "b"]).is_err(), "two Host headers");
        assert!(admitted(v1, "/", &["a b"]).is_err());
        assert!(admitted(v1, "/", &["user@a"]).is_err());
        assert!(admitted(v1, "/", &[]).is_err(), "HTTP/1.1 without Host");
        assert!(admitted(Version::HTTP_10, "/", &[]).is_ok());
        assert!(admitted(v1, "http://user@b.example/x", &["b.example"]).is_err());
        assert!(
            admitted(v1, "http://b.example/x", &[]).is_err(),
            "HTTP/1.1 needs Host"
        );
        assert!(admitted(Version::HTTP_10, "http://b.example/x", &[]).is_ok());
        assert!(admitted(v1, "*", &["a"]).is_err(), "GET *");
        assert_eq!(
            admitted(v1, "http://b.example/x", &["a.example"]).unwrap(),
            ("b.example".into(), "/x".into())
        );
        assert!(
            admitted(v1, "b.example:80", &["a"]).is_err(),
            "authority-form"
        );
    }

    #[test]
    fn over_http2_the_authority_wins_over_a_differing_host() {
        let r = admit(request(
            Version::HTTP_2,
            "https://b.example/x",
            &["a.example"],
        ))
        .unwrap();
        assert!(r.headers().get(HOST).is_none());
        assert_eq!(r.uri().authority().unwrap().as_str(), "b.example");
        let r = admit(request(
            Version::HTTP_2,
            "https://b.example/x",
            &["B.example"],
        ))
        .unwrap();
        assert!(r.headers().get(HOST).is_some(), "the same host, kept");
    }

    #[test]
    fn connect_and_codings_other_than_chunked_are_refused() {
        let connect = Request::builder()
            .method(Method::CONNECT)
            .uri("a.example:443")
            .body(())
            .unwrap();
        assert_eq!(admit(connect).unwrap_err(), ProxyError::MethodNotAllowed);
        let gzip = Request::builder()
            .uri("/")
            .header(HOST, "a")
            .header(TRANSFER_ENCODING, "gzip, chunked")
            .body(())
            .unwrap();
        assert!(matches!(admit(gzip), Err(ProxyError::NotImplemented(_))));
        let chunked = Request::builder()
            .uri("/")
            .header(HOST, "a")
            .header(TRANSFER_ENCODING, "chunked")
            .body(())
            .unwrap();
        assert!(admit(chunked).is_ok());
    }
}
