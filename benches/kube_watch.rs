//! `serve --kube` at scale, against the Kubernetes API stand-in on loopback: with N Ingresses
//! watched, how long an EndpointSlice change takes to reach the request path (no table
//! rebuild), how long the first sync takes, and the process's peak memory.
//!
//! Not a criterion benchmark (each measurement is one change against a running process):
//! `cargo bench --bench kube_watch -- 1000 10000` prints one line per size.

#[path = "../tests/support/apiserver/mod.rs"]
#[allow(dead_code, unused_imports)]
mod apiserver;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::json;

/// A backend that answers 200 with its own name.
fn backend(name: &'static str) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream, name));
        }
    });
    addr
}

fn answer(mut stream: TcpStream, name: &str) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    loop {
        // Read one request head (no bodies: the bench sends GETs only).
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" || line == "\n" => break,
                Ok(_) => {}
            }
        }
        let body = name.as_bytes();
        let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
        if stream
            .write_all(head.as_bytes())
            .and_then(|_| stream.write_all(body))
            .is_err()
        {
            return;
        }
    }
}

/// One GET through serve; the body (the backend's name), or empty on failure.
fn get(addr: SocketAddr, host: &str) -> String {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let req = format!("GET /status/200 HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return String::new();
    }
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.rsplit("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string()
}

fn slice(addr: SocketAddr) -> serde_json::Value {
    json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": "svc-0-x", "namespace": "default",
                     "labels": {"kubernetes.io/service-name": "svc-0"}},
        "endpoints": [{"addresses": [addr.ip().to_string()], "conditions": {"ready": true}}],
        "ports": [{"name": "http", "port": addr.port()}]})
}

fn measure(ingresses: usize) {
    let first = backend("first");
    let second = backend("second");
    let api = apiserver::ApiServer::start(apiserver::Options::default());
    for i in 0..ingresses {
        api.insert(json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": format!("app-{i}"), "namespace": "default",
                         "annotations": {"kubernetes.io/ingress.class": "istio"}},
            "spec": {"rules": [{"host": format!("app-{i}.example.com"), "http": {"paths": [
                {"path": "/status/", "pathType": "Prefix",
                 "backend": {"service": {"name": format!("svc-{i}"), "port": {"number": 80}}}}]}}]}}));
        api.insert(json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": format!("svc-{i}"), "namespace": "default"},
            "spec": {"ports": [{"name": "http", "port": 80}]}}));
    }
    api.insert(slice(first));
    let dir = tempfile::tempdir().expect("temp dir");
    let kubeconfig = api.write_kubeconfig(dir.path());
    let started = Instant::now();
    // KUBE_WATCH_WRAP runs serve under a tool, e.g. `valgrind --tool=massif` for a heap profile.
    let wrap = std::env::var("KUBE_WATCH_WRAP").unwrap_or_default();
    let mut wrap = wrap.split_whitespace();
    let mut child = match wrap.next() {
        Some(tool) => {
            let mut c = Command::new(tool);
            c.args(wrap).arg(env!("CARGO_BIN_EXE_ingressctl"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_ingressctl")),
    };
    let mut child = child
        .args([
            "serve",
            "--kube",
            "--kubeconfig",
            kubeconfig.to_str().expect("utf-8"),
            "--http-addr",
            "127.0.0.1:0",
            "--https-addr",
            "127.0.0.1:0",
            "--admin-addr",
            "127.0.0.1:0",
            "--access-log-format",
            "off",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut http = None;
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(120)) {
        if let Some((_, a)) = line.split_once("listening on http://") {
            http = a.parse::<SocketAddr>().ok();
        }
        if line.contains(": admin http://") {
            break;
        }
    }
    let ready = started.elapsed();
    let http = http.expect("serve listened");
    assert_eq!(get(http, "app-0.example.com"), "first");
    api.insert(slice(second));
    let changed = Instant::now();
    while get(http, "app-0.example.com") != "second" {
        assert!(
            changed.elapsed() < Duration::from_secs(60),
            "the change never arrived"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let took = changed.elapsed();
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().to_string())
        .unwrap_or_default();
    stop(&mut child);
    println!(
        "{ingresses:>6} Ingresses: ready (first sync + table) {:>6} ms; EndpointSlice change reached requests in {:>5} ms; peak RSS {hwm}",
        ready.as_millis(),
        took.as_millis()
    );
}

/// SIGTERM (so a wrapping profiler writes its report), then SIGKILL after 60 s.
fn stop(child: &mut std::process::Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1000]
    } else {
        sizes
    };
    for n in sizes {
        measure(n);
    }
}
