//! The front door under hostile bytes: serve refuses what is malformed and routes only on what
//! it checked. Raw requests on loopback sockets to the real binary, recording backends.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use crate::support::serve::{Backend, DEADLINE, Serve, eventually};

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

/// Reads one request head, byte by byte (nothing of a body); false when the peer closed first.
fn read_head(stream: &mut TcpStream) -> bool {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return false,
        }
    }
    true
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
    for target in [
        "/public/..%2fprivate",
        "/public/..\\private",
        "/public/..;/private",
    ] {
        let answer = raw(
            http,
            format!("GET {target} HTTP/1.1\r\nhost: a.example\r\nconnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(status(&answer), 400, "{target}: {answer}");
    }
    assert_eq!(seen(&d.private).len(), 3, "none of those reached a backend");
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

/// Waits (bounded) until the peer closes; true when it did.
fn closed_by_peer(s: &mut TcpStream) -> bool {
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut buf = [0u8; 256];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) => return e.kind() == std::io::ErrorKind::ConnectionReset,
        }
    }
}

#[test]
fn connections_that_send_no_request_are_closed_after_the_header_timeout() {
    let backend = Backend::start("b");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ing.yaml"), INGRESSES).unwrap();
    crate::support::serve::ca_and_leaf(dir.path(), "leaf", &["b.example"]);
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "ing.yaml",
            "--backend",
            &format!("b={}", backend.addr),
            "--tls-cert",
            "leaf.crt",
            "--tls-key",
            "leaf.key",
            "--header-read-timeout",
            "2s",
        ],
    );
    let started = std::time::Instant::now();
    // Zero bytes.
    let mut silent = TcpStream::connect(serve.http).unwrap();
    // Half an HTTP/2 preface.
    let mut half = TcpStream::connect(serve.http).unwrap();
    half.write_all(b"PRI * HTTP/2.0\r\n").unwrap();
    assert!(closed_by_peer(&mut silent), "zero bytes");
    assert!(closed_by_peer(&mut half), "half a preface");
    // Zero bytes after a complete TLS handshake.
    assert!(
        tls_closed_after_handshake(serve.https.expect("HTTPS"), &dir.path().join("ca.crt")),
        "nothing after the handshake"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "closed by the 2 s bound, not the idle timeout"
    );
    // A real request on a fresh connection is still served.
    let ok = raw(
        serve.http,
        b"GET / HTTP/1.1\r\nhost: b.example\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status(&ok), 200, "{ok}");
}

/// A client TLS connection with the handshake done, sending nothing; true when the server
/// closes it.
fn tls_closed_after_handshake(addr: SocketAddr, ca: &std::path::Path) -> bool {
    use rustls::pki_types::{CertificateDer, ServerName, pem::PemObject};
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let name = ServerName::try_from("b.example").unwrap();
    let mut conn = rustls::ClientConnection::new(std::sync::Arc::new(config), name).unwrap();
    let mut tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(DEADLINE)).unwrap();
    while conn.is_handshaking() {
        conn.complete_io(&mut tcp).unwrap();
    }
    let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
    let mut buf = [0u8; 64];
    loop {
        match tls.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) => {
                return matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::UnexpectedEof
                );
            }
        }
    }
}

#[test]
fn connections_beyond_the_cap_wait_until_one_closes() {
    let backend = Backend::start("b");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ing.yaml"), INGRESSES).unwrap();
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "ing.yaml",
            "--backend",
            &format!("b={}", backend.addr),
            "--max-connections",
            "2",
        ],
    );
    let request = b"GET / HTTP/1.1\r\nhost: b.example\r\n\r\n";
    let open = |n: usize| -> Vec<TcpStream> {
        (0..n)
            .map(|_| {
                let s = TcpStream::connect(serve.http).unwrap();
                s.set_read_timeout(Some(DEADLINE)).unwrap();
                s
            })
            .collect()
    };
    let mut held = open(2);
    // Both are served (keep-alive: they stay open afterwards).
    for s in &mut held {
        s.write_all(request).unwrap();
        let mut buf = [0u8; 512];
        assert!(s.read(&mut buf).unwrap() > 0);
    }
    // A third waits in the accept queue: its request gets no answer while two are open.
    let mut third = open(1).remove(0);
    third.write_all(request).unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut buf = [0u8; 512];
    assert!(third.read(&mut buf).is_err(), "not served beyond the cap");
    // One closes: the third is accepted and answered.
    drop(held.pop());
    third.set_read_timeout(Some(DEADLINE)).unwrap();
    let n = third.read(&mut buf).unwrap();
    assert!(
        String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&buf[..n])
    );
    // The admin listener is not counted.
    let ready = raw(
        serve.admin,
        b"GET /healthz/ready HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status(&ready), 200, "{ready}");
}

#[test]
fn a_clients_broken_chunked_body_is_its_own_fault() {
    let d = door();
    let answer = raw(
        d.serve.http,
        b"POST /x HTTP/1.1\r\nhost: b.example\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    );
    assert_eq!(status(&answer), 400, "{answer}");
    let stats = raw(
        d.serve.admin,
        b"GET /stats/prometheus HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    );
    assert!(
        !stats.contains("ingressctl_upstream_errors_total{"),
        "not counted against the backend: {stats}"
    );
    // The access log reaches the test through a reader thread: wait for it (bounded).
    assert!(
        eventually(|| d.serve.stdout().contains("\" 400 DPE ")),
        "logged as the client's: {}",
        d.serve.stdout()
    );
}

/// A backend that answers the first request of each connection, keeps it open, and closes it
/// without a word when a second request arrives on it (an idle keep-alive timeout racing a
/// reuse, made certain).
fn one_request_per_connection_backend() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut stream = stream;
                if !read_head(&mut stream) {
                    return;
                }
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
                // The next request on this connection: read its first byte, then close.
                let _ = stream.read(&mut [0u8; 1]);
            });
        }
    });
    addr
}

#[test]
fn a_request_on_a_connection_the_backend_dropped_is_sent_again_once() {
    let backend = one_request_per_connection_backend();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ing.yaml"), INGRESSES).unwrap();
    let serve = Serve::start(
        dir.path(),
        &["-f", "ing.yaml", "--backend", &format!("b={backend}")],
    );
    for i in 0..20 {
        let answer = raw(
            serve.http,
            b"GET / HTTP/1.1\r\nhost: b.example\r\nconnection: close\r\n\r\n",
        );
        assert_eq!(status(&answer), 200, "request {i}: {answer}");
    }
}

/// A backend that reads each request head and closes without answering; it counts the
/// connections it saw.
fn always_resetting_backend() -> (SocketAddr, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut stream = stream;
            read_head(&mut stream);
        }
    });
    (addr, seen)
}

#[test]
fn a_request_is_sent_again_at_most_once_and_only_when_safe() {
    let (backend, connections) = always_resetting_backend();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ing.yaml"), INGRESSES).unwrap();
    let serve = Serve::start(
        dir.path(),
        &["-f", "ing.yaml", "--backend", &format!("b={backend}")],
    );
    let get = raw(
        serve.http,
        b"GET / HTTP/1.1\r\nhost: b.example\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status(&get), 502, "{get}");
    assert_eq!(
        connections.swap(0, std::sync::atomic::Ordering::SeqCst),
        2,
        "a GET: sent, then sent again once"
    );
    let post = raw(
        serve.http,
        b"POST / HTTP/1.1\r\nhost: b.example\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi",
    );
    assert_eq!(status(&post), 502, "{post}");
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "a POST with a body: sent once"
    );
}

/// A backend that answers every request with `answer` and closes.
fn fixed_answer_backend(answer: Vec<u8>) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let answer = answer.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                if read_head(&mut stream) {
                    let _ = stream.write_all(&answer);
                }
            });
        }
    });
    addr
}

#[test]
fn upstream_answers_that_cannot_be_framed_safely_are_502() {
    let conflicting = fixed_answer_backend(
        b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 50\r\nconnection: close\r\n\r\nhello"
            .to_vec(),
    );
    let huge = fixed_answer_backend(
        format!(
            "HTTP/1.1 200 OK\r\nx-big: {}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
            "a".repeat(100 * 1024)
        )
        .into_bytes(),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ing.yaml"), INGRESSES).unwrap();
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "ing.yaml",
            "--backend",
            &format!("public={conflicting}"),
            "--backend",
            &format!("b={huge}"),
        ],
    );
    for method in ["GET", "HEAD"] {
        let answer = raw(
            serve.http,
            format!("{method} /public/x HTTP/1.1\r\nhost: a.example\r\nconnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(status(&answer), 502, "{method} with two lengths: {answer}");
    }
    let answer = raw(
        serve.http,
        b"GET / HTTP/1.1\r\nhost: b.example\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status(&answer), 502, "a 100 KB header");
    assert!(answer.len() < 1024, "nothing of it passed on");
    assert!(
        eventually(|| serve.stdout().contains(" 502 UPE ")),
        "{}",
        serve.stdout()
    );
}

/// The route timeout is measured from the request head, the upload included: a body that
/// never comes ends in 504 at the timeout, not at the idle timeout.
#[test]
fn the_route_timeout_counts_from_the_request_head_upload_included() {
    let backend = Backend::start("b");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ing.yaml"), INGRESSES).unwrap();
    let serve = Serve::start(
        dir.path(),
        &[
            "-f",
            "ing.yaml",
            "--backend",
            &format!("b={}", backend.addr),
            "--upstream-timeout",
            "500ms",
        ],
    );
    let mut s = TcpStream::connect(serve.http).unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    // The head, and a promise of 5 body bytes that are never sent.
    s.write_all(b"POST / HTTP/1.1\r\nhost: b.example\r\ncontent-length: 5\r\n\r\n")
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = [0u8; 512];
    let n = s.read(&mut buf).unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert_eq!(status(&answer), 504, "{answer}");
    assert!(started.elapsed() < Duration::from_secs(10));
}
