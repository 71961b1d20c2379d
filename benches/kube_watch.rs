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
    let replicas: usize = std::env::var("KUBE_WATCH_REPLICAS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let started = Instant::now();
    let mut serves: Vec<(std::process::Child, SocketAddr)> =
        (0..replicas).map(|_| start_serve(&kubeconfig)).collect();
    let ready = started.elapsed();
    let hwm_at_ready = serves
        .iter()
        .map(|(child, _)| peak_rss_kib(child.id()))
        .max()
        .unwrap_or_default();
    for (_, http) in &serves {
        assert_eq!(get(*http, "app-0.example.com"), "first");
    }
    // An EndpointSlice change: the watch event, and nothing else asked of the API server.
    let (bytes, requests) = (api.watch_bytes(), api.requests().len());
    api.insert(slice(second));
    let changed = Instant::now();
    wait_for(&serves, "app-0.example.com", "second");
    let took = changed.elapsed();
    let slice_cost = (api.watch_bytes() - bytes, api.requests().len() - requests);
    // An Ingress added: its event, and the reads of a routing change (the Secrets it names).
    let (bytes, requests) = (api.watch_bytes(), api.requests().len());
    api.insert(
        json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "added", "namespace": "default",
                     "annotations": {"kubernetes.io/ingress.class": "istio"}},
        "spec": {"rules": [{"host": "added.example.com", "http": {"paths": [
            {"path": "/status/", "pathType": "Prefix",
             "backend": {"service": {"name": "svc-0", "port": {"number": 80}}}}]}}]}}),
    );
    wait_for(&serves, "added.example.com", "second");
    let ingress_cost = (api.watch_bytes() - bytes, api.requests().len() - requests);
    let hwm = serves
        .iter()
        .map(|(child, _)| peak_rss_kib(child.id()))
        .max()
        .unwrap_or_default();
    for (child, _) in &mut serves {
        stop(child);
    }
    println!(
        "{ingresses:>6} Ingresses, {replicas} replica(s): ready (first sync + table) {:>6} ms; EndpointSlice change reached requests in {:>5} ms; peak RSS {hwm_at_ready} kB when ready, {hwm} kB after a rebuild",
        ready.as_millis(),
        took.as_millis()
    );
    println!(
        "        API server cost per change (all replicas): EndpointSlice {} watch bytes, {} requests; Ingress added {} watch bytes, {} requests",
        slice_cost.0, slice_cost.1, ingress_cost.0, ingress_cost.1
    );
}

/// Starts `serve --kube` and waits for it to be ready; returns it and its HTTP address.
fn start_serve(kubeconfig: &std::path::Path) -> (std::process::Child, SocketAddr) {
    // KUBE_WATCH_WRAP runs serve under a tool, e.g. `valgrind --tool=massif` for a heap profile.
    let wrap = std::env::var("KUBE_WATCH_WRAP").unwrap_or_default();
    let mut wrap = wrap.split_whitespace();
    let mut command = match wrap.next() {
        Some(tool) => {
            let mut c = Command::new(tool);
            c.args(wrap).arg(env!("CARGO_BIN_EXE_ingressctl"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_ingressctl")),
    };
    let mut child = command
        .args([
            "serve",
            "--kube",
            "--kubeconfig",
            kubeconfig.to_str().expect("utf-8"),
        ])
        .args(["--http-addr", "127.0.0.1:0", "--https-addr", "127.0.0.1:0"])
        .args(["--admin-addr", "127.0.0.1:0", "--access-log-format", "off"])
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
    (child, http.expect("serve listened"))
}

/// Polls every replica until `host` answers `want` (within a minute).
fn wait_for(serves: &[(std::process::Child, SocketAddr)], host: &str, want: &str) {
    let started = Instant::now();
    for (_, http) in serves {
        while get(*http, host) != want {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the change never arrived"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// The process's peak resident memory (`VmHWM`), in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_default()
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
