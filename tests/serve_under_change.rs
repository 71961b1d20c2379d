//! Nothing is lost while serve's configuration changes: under a steady loopback load over HTTP
//! and HTTPS (a new TLS handshake per HTTPS request), 50 reloads of the manifests, a
//! certificate rotation, then SIGTERM with a request in flight: no request fails, the one in
//! flight completes and is logged, and the exit status says nothing was cut. And a bounded
//! soak: errors stay at zero and memory stays flat.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::support::serve::{Backend, Serve, ca_and_leaf, client, eventually};

const INGRESS: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: a, annotations: {kubernetes.io/ingress.class: istio}}
spec:
  tls: [{hosts: [a.test], secretName: cert-a}]
  rules: [{host: a.test, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: svc-a, port: {number: 80}}}}EXTRA]}}]
";

fn ingress(generation: usize) -> String {
    let extra = format!(
        ", {{path: /gen-{generation}, pathType: Exact, backend: {{service: {{name: svc-a, port: {{number: 80}}}}}}}}"
    );
    INGRESS.replace("EXTRA", &extra)
}

/// What a load loop saw.
#[derive(Debug, Default)]
struct Tally {
    ok: u64,
    failed: Vec<String>,
}

/// Sends requests until `stop`; HTTPS ones each on a new connection (a new handshake).
fn load(
    dir: &Path,
    serve: &Serve,
    https: bool,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<Tally> {
    let https_addr = serve.https.expect("https listener");
    let (url, c) = if https {
        let pem = std::fs::read(dir.join("ca.crt")).unwrap();
        let c = reqwest::blocking::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
            .resolve("a.test", https_addr)
            .pool_max_idle_per_host(0)
            .no_proxy()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        (
            format!("https://a.test:{}/status/200", https_addr.port()),
            c,
        )
    } else {
        (serve.http_url("/status/200"), client(None, &[]))
    };
    std::thread::spawn(move || {
        let mut tally = Tally::default();
        while !stop.load(Ordering::Relaxed) {
            match c.get(&url).header("host", "a.test").send() {
                Ok(r) if r.status() == 200 => tally.ok += 1,
                Ok(r) => tally.failed.push(format!("status {}", r.status())),
                Err(e) => tally.failed.push(e.to_string()),
            }
        }
        tally
    })
}

fn reloads(serve: &Serve) -> u64 {
    let text = client(None, &[])
        .get(format!("http://{}/stats/prometheus", serve.admin))
        .send()
        .and_then(|r| r.text())
        .unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix("ingressctl_config_reloads_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// The certificate serve presents for a.test, DER.
fn served_certificate(dir: &Path, serve: &Serve) -> Vec<u8> {
    let https = serve.https.expect("https listener");
    let pem = std::fs::read(dir.join("ca.crt")).unwrap();
    let c = reqwest::blocking::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
        .resolve("a.test", https)
        .tls_info(true)
        .pool_max_idle_per_host(0)
        .no_proxy()
        .build()
        .unwrap();
    c.get(format!("https://a.test:{}/status/200", https.port()))
        .send()
        .ok()
        .and_then(|r| {
            r.extensions()
                .get::<reqwest::tls::TlsInfo>()
                .and_then(|i| i.peer_certificate().map(<[u8]>::to_vec))
        })
        .unwrap_or_default()
}

fn start(dir: &Path, be: &Backend) -> Serve {
    ca_and_leaf(dir, "cert-a", &["a.test"]);
    std::fs::write(dir.join("ingress.yaml"), ingress(0)).unwrap();
    let backend = format!("svc-a={}", be.addr);
    Serve::start(dir, &["-f", ".", "--backend", backend.as_str()])
}

/// serve for `be`, with an HTTP and an HTTPS load loop running until the flag is set.
fn under_load(
    dir: &Path,
    be: &Backend,
) -> (Serve, Arc<AtomicBool>, [std::thread::JoinHandle<Tally>; 2]) {
    let serve = start(dir, be);
    let stop = Arc::new(AtomicBool::new(false));
    let loads = [
        load(dir, &serve, false, stop.clone()),
        load(dir, &serve, true, stop.clone()),
    ];
    (serve, stop, loads)
}

#[test]
fn nothing_is_lost_through_50_reloads_a_certificate_rotation_and_sigterm() {
    let be = Backend::start("svc-a");
    let dir = tempfile::tempdir().unwrap();
    let (serve, stop, loads) = under_load(dir.path(), &be);
    let before = reloads(&serve);
    for generation in 1..=50 {
        std::fs::write(dir.path().join("ingress.yaml"), ingress(generation)).unwrap();
        assert!(
            eventually(|| reloads(&serve) >= before + generation as u64),
            "reload {generation} applied: {}",
            serve.stderr()
        );
    }
    let last = client(None, &[])
        .get(serve.http_url("/gen-50"))
        .header("host", "a.test")
        .send()
        .map(|r| r.status().as_u16());
    assert_eq!(last.ok(), Some(200), "the 50th edit is served");
    let old_cert = served_certificate(dir.path(), &serve);
    assert!(!old_cert.is_empty());
    // A new leaf from the same CA, made aside and moved over the old Secret manifest at once.
    let aside = dir.path().join("next");
    std::fs::create_dir(&aside).unwrap();
    for ca in ["ca.crt", "ca.key"] {
        std::fs::copy(dir.path().join(ca), aside.join(ca)).unwrap();
    }
    ca_and_leaf(&aside, "cert-a", &["a.test"]);
    std::fs::rename(
        aside.join("cert-a-secret.yaml"),
        dir.path().join("cert-a-secret.yaml"),
    )
    .unwrap();
    assert!(
        eventually(|| {
            let now = served_certificate(dir.path(), &serve);
            !now.is_empty() && now != old_cert
        }),
        "the rotated certificate is served: {}",
        serve.stderr()
    );
    stop.store(true, Ordering::Relaxed);
    let tallies: Vec<Tally> = loads.into_iter().map(|l| l.join().unwrap()).collect();
    for (name, t) in ["http", "https"].iter().zip(&tallies) {
        assert!(t.ok > 20, "{name}: the load ran ({} requests)", t.ok);
        assert!(
            t.failed.is_empty(),
            "{name}: {} failed under change: {:?}\nserve's log:\n{}",
            t.failed.len(),
            &t.failed[..t.failed.len().min(5)],
            serve.stderr()
        );
    }
    // SIGTERM with a request in flight: it completes, is logged, and the exit status is 0.
    let url = serve.http_url("/delay/700");
    let in_flight = std::thread::spawn(move || {
        client(None, &[])
            .get(url)
            .header("host", "a.test")
            .send()
            .map(|r| r.status().as_u16())
    });
    assert!(eventually(|| be
        .seen
        .requests
        .lock()
        .unwrap()
        .iter()
        .any(|r| r.contains("/delay/700"))));
    let access_log = serve.stdout_handle();
    let code = serve.stop();
    assert_eq!(
        in_flight.join().unwrap().ok(),
        Some(200),
        "the request in flight completed"
    );
    assert_eq!(code, Some(0), "nothing cut");
    assert!(
        eventually(|| access_log
            .lock()
            .unwrap()
            .lines()
            .any(|l| l.contains("/delay/700") && l.contains(" 200 - "))),
        "the request in flight is logged: {}",
        access_log.lock().unwrap()
    );
    eprintln!(
        "under change: {} HTTP and {} HTTPS requests (each HTTPS one a new handshake), 50 reloads, 1 rotation, 0 failed",
        tallies[0].ok, tallies[1].ok
    );
}

/// How long the soak runs: `INGRESSCTL_SOAK_SECS`, 120 by default (CI).
fn soak_duration() -> Duration {
    let secs = std::env::var("INGRESSCTL_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    Duration::from_secs(secs)
}

#[test]
fn a_bounded_soak_has_no_errors_and_flat_memory() {
    let be = Backend::start("svc-a");
    let dir = tempfile::tempdir().unwrap();
    let (serve, stop, loads) = under_load(dir.path(), &be);
    let duration = soak_duration();
    let warm_up = duration / 10;
    std::thread::sleep(warm_up);
    let rss_start = serve.rss_kib();
    let started = Instant::now();
    let mut rss_peak = rss_start;
    while started.elapsed() < duration - warm_up {
        std::thread::sleep(Duration::from_secs(1));
        rss_peak = rss_peak.max(serve.rss_kib());
    }
    let rss_end = serve.rss_kib();
    stop.store(true, Ordering::Relaxed);
    let tallies: Vec<Tally> = loads.into_iter().map(|l| l.join().unwrap()).collect();
    eprintln!(
        "soak {}s: {} HTTP + {} HTTPS requests, {} errors; RSS {} KiB after warm-up, {} KiB at the end, {} KiB peak",
        duration.as_secs(),
        tallies[0].ok,
        tallies[1].ok,
        tallies.iter().map(|t| t.failed.len()).sum::<usize>(),
        rss_start,
        rss_end,
        rss_peak
    );
    for t in &tallies {
        assert!(
            t.failed.is_empty(),
            "errors in the soak: {:?}",
            &t.failed[..t.failed.len().min(10)]
        );
    }
    assert!(rss_start > 0 && rss_end > 0);
    assert!(
        rss_end <= rss_start + (rss_start / 5).max(8 * 1024),
        "memory grew: {rss_start} KiB after warm-up, {rss_end} KiB at the end"
    );
    assert_eq!(serve.stop(), Some(0));
}
