//! The front door under hostile bytes: serve refuses what is malformed and routes only on what
//! it checked. Raw requests on loopback sockets to the real binary, recording backends.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use crate::support::serve::{Backend, DEADLINE, Serve};

const INGRESSES: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: a, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  rules:
  - host: a.example
    http:
      paths:
      - {path: /public/, pathType: Prefix, backend: {service: {name: public, port: {number: 80}}}}
      - {path: /private, pathType: Prefix, backend: {service: {name: private, port: {number: 80}}}}
      - {path: /down, pathType: Prefix, backend: {service: {name: down, port: {number: 80}}}}
  - host: b.example
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: b, port: {number: 80}}}}
";

struct Door {
    public: Backend,
    private: Backend,
    b: Backend,
    serve: Serve,
    _dir: tempfile::TempDir,
}

fn door() -> Door {
    let (public, private, b) = (
        Backend::start("public"),
        Backend::start("private"),
        Backend::start("b"),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ing.yaml"), INGRESSES).unwrap();
    // Nothing listens on port 9 of loopback: the `down` backend refuses connections.
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "ing.yaml",
            "--backend",
            &format!("public={}", public.addr),
            "--backend",
            &format!("private={}", private.addr),
            "--backend",
            &format!("b={}", b.addr),
            "--backend",
            "down=127.0.0.1:9",
        ],
    );
    Door {
        public,
        private,
        b,
        serve,
        _dir: dir,
    }
}

/// Sends raw bytes, returns everything the proxy answered (it closes: `connection: close`).
fn raw(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    s.write_all(bytes).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn status(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn seen(b: &Backend) -> Vec<String> {
    b.seen.requests.lock().unwrap().clone()
}

#[test]
fn hosts_that_were_not_checked_are_refused() {
    let d = door();
    let http = d.serve.http;
    for (request, why) in [
        (
            "GET /public/x HTTP/1.1\r\nhost: a.example\r\nhost: b.example\r\nconnection: close\r\n\r\n",
            "two Host headers",
        ),
        (
            "GET /public/x HTTP/1.1\r\nhost: a.example b\r\nconnection: close\r\n\r\n",
            "a space",
        ),
        (
            "GET /public/x HTTP/1.1\r\nhost: user@a.example\r\nconnection: close\r\n\r\n",
            "user info",
        ),
        (
            "GET /public/x HTTP/1.1\r\nconnection: close\r\n\r\n",
            "HTTP/1.1 without Host",
        ),
        (
            "GET abc HTTP/1.1\r\nhost: a.example\r\nconnection: close\r\n\r\n",
            "not origin-form",
        ),
    ] {
        let answer = raw(http, request.as_bytes());
        assert_eq!(status(&answer), 400, "{why}: {answer}");
    }
    assert!(seen(&d.public).is_empty() && seen(&d.b).is_empty());
    // Still healthy after.
    let ok = raw(
        http,
        b"GET /public/x HTTP/1.1\r\nhost: a.example\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status(&ok), 200, "{ok}");
}

#[test]
fn an_absolute_target_routes_by_its_own_authority() {
    let d = door();
    let answer = raw(
        d.serve.http,
        b"GET http://b.example/x HTTP/1.1\r\nhost: a.example\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status(&answer), 200, "{answer}");
    assert!(
        answer.contains("\r\n\r\nb "),
        "routed to b.example: {answer}"
    );
    assert_eq!(
        seen(&d.b),
        ["GET /x host=b.example"],
        "one Host, the target's"
    );
}

#[test]
fn dot_segments_cannot_bypass_a_route() {
    let d = door();
    let http = d.serve.http;
    for target in [
        "/public/../private",
        "/public/%2e%2e/private",
        "/public/%2E%2E/private",
    ] {
        let answer = raw(
            http,
            format!("GET {target} HTTP/1.1\r\nhost: a.example\r\nconnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(status(&answer), 200, "{target}: {answer}");
    }
    assert!(seen(&d.public).is_empty(), "{:?}", seen(&d.public));
    assert_eq!(
        seen(&d.private),
        vec!["GET /private host=a.example"; 3],
        "routed and forwarded as /private"
    );
    let answer = raw(
        http,
        b"GET /public/..%2fprivate HTTP/1.1\r\nhost: a.example\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status(&answer), 400, "{answer}");
}

#[test]
fn connect_and_unknown_codings_are_refused() {
    let d = door();
    let http = d.serve.http;
    let connect = raw(
        http,
        b"CONNECT b.example:443 HTTP/1.1\r\nhost: b.example:443\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status(&connect), 405, "{connect}");
    let gzip = raw(
        http,
        b"POST / HTTP/1.1\r\nhost: b.example\r\ntransfer-encoding: gzip, chunked\r\nconnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    );
    assert_eq!(status(&gzip), 501, "{gzip}");
    assert!(seen(&d.b).is_empty(), "{:?}", seen(&d.b));
}

#[test]
fn error_bodies_keep_the_inside_to_the_log() {
    let d = door();
    let http = d.serve.http;
    let down = raw(
        http,
        b"GET /down HTTP/1.1\r\nhost: a.example\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status(&down), 502, "{down}");
    let body = down.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert!(
        !body.contains("127.0.0.1") && !body.contains("tcp"),
        "{body}"
    );
    assert!(
        d.serve.wait_stderr("127.0.0.1:9"),
        "the address is in the log: {}",
        d.serve.stderr()
    );
    let nowhere = raw(
        http,
        b"GET /secret-path-xyz HTTP/1.1\r\nhost: c.example\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status(&nowhere), 404);
    assert!(!nowhere.contains("secret-path-xyz") && !nowhere.contains("c.example"));
}

/// The guide's `curl -I`, over HTTP/2: curl fails with PROTOCOL_ERROR when a DATA frame follows
/// the HEADERS of a HEAD answer.
#[test]
fn head_answers_the_proxy_makes_have_no_body_over_http2() {
    let d = door();
    let port = d.serve.http.port();
    for (path, want) in [("/nowhere", "404"), ("/down", "502")] {
        let out = std::process::Command::new("curl")
            .args(["-sS", "-I", "--http2-prior-knowledge", "--max-time", "10"])
            .arg("--resolve")
            .arg(format!("a.example:{port}:127.0.0.1"))
            .arg(format!("http://a.example:{port}{path}"))
            .output()
            .expect("curl (the guide's client) is installed");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "HEAD {path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.starts_with(&format!("HTTP/2 {want}")), "{text}");
    }
}
