//! Counters for `/stats/prometheus`: requests by route and status, latency histograms,
//! upstream errors, connections, and configuration reloads.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

/// Latency histogram bucket bounds, in milliseconds.
const BUCKETS_MS: [f64; 12] = [
    0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 1000.0, 5000.0, 15000.0,
];

#[derive(Debug, Default)]
struct RouteStats {
    by_status: HashMap<u16, u64>,
    buckets: [u64; BUCKETS_MS.len()],
    count: u64,
    sum_ms: f64,
}

/// Process-wide counters.
#[derive(Debug, Default)]
pub struct Stats {
    routes: Mutex<HashMap<String, RouteStats>>,
    upstream_errors: Mutex<HashMap<&'static str, u64>>,
    /// Open downstream connections.
    pub active_connections: AtomicI64,
    /// Downstream connections accepted.
    pub connections_total: AtomicU64,
    /// Configuration reloads applied.
    pub reloads_ok: AtomicU64,
    /// Configuration reloads rejected (the last good table kept serving).
    pub reloads_failed: AtomicU64,
    /// TLS handshakes that failed or timed out (scanners, clients without the CA, plain HTTP).
    tls_handshake_failures: AtomicU64,
}

impl Stats {
    /// Records one finished request.
    pub fn record(&self, route: &str, status: u16, elapsed: Duration) {
        let ms = elapsed.as_secs_f64() * 1000.0;
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let entry = match routes.get_mut(route) {
            Some(e) => e,
            None => routes.entry(route.to_string()).or_default(),
        };
        *entry.by_status.entry(status).or_default() += 1;
        entry.count += 1;
        entry.sum_ms += ms;
        for (i, bound) in BUCKETS_MS.iter().enumerate() {
            if ms <= *bound {
                entry.buckets[i] += 1;
            }
        }
    }

    /// Counts a TLS handshake that failed or timed out.
    pub fn tls_handshake_failed(&self) {
        self.tls_handshake_failures.fetch_add(1, Ordering::Relaxed);
    }

    /// Records an upstream failure by kind (`connect`, `reset`, `timeout`, `no_endpoint`).
    pub fn upstream_error(&self, kind: &'static str) {
        *self
            .upstream_errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(kind)
            .or_default() += 1;
    }

    /// The Prometheus text exposition.
    pub fn prometheus(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP ingressctl_requests_total Requests by route and response status.\n# TYPE ingressctl_requests_total counter\n");
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let mut names: Vec<&String> = routes.keys().collect();
        names.sort();
        for name in &names {
            let mut statuses: Vec<_> = routes[*name].by_status.iter().collect();
            statuses.sort();
            for (status, n) in statuses {
                let _ = writeln!(
                    out,
                    "ingressctl_requests_total{{route=\"{name}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP ingressctl_request_duration_ms Time from request head to response head.\n# TYPE ingressctl_request_duration_ms histogram\n");
        for name in &names {
            let r = &routes[*name];
            for (i, bound) in BUCKETS_MS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "ingressctl_request_duration_ms_bucket{{route=\"{name}\",le=\"{bound}\"}} {}",
                    r.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "ingressctl_request_duration_ms_bucket{{route=\"{name}\",le=\"+Inf\"}} {}",
                r.count
            );
            let _ = writeln!(
                out,
                "ingressctl_request_duration_ms_sum{{route=\"{name}\"}} {:.3}",
                r.sum_ms
            );
            let _ = writeln!(
                out,
                "ingressctl_request_duration_ms_count{{route=\"{name}\"}} {}",
                r.count
            );
        }
        drop(routes);
        out.push_str("# HELP ingressctl_upstream_errors_total Upstream failures by kind.\n# TYPE ingressctl_upstream_errors_total counter\n");
        let errors = self
            .upstream_errors
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let mut kinds: Vec<_> = errors.iter().collect();
        kinds.sort();
        for (kind, n) in kinds {
            let _ = writeln!(
                out,
                "ingressctl_upstream_errors_total{{kind=\"{kind}\"}} {n}"
            );
        }
        drop(errors);
        let gauges = [
            (
                "ingressctl_active_connections",
                "gauge",
                "Open downstream connections.",
                self.active_connections.load(Ordering::Relaxed),
            ),
            (
                "ingressctl_connections_total",
                "counter",
                "Downstream connections accepted.",
                self.connections_total.load(Ordering::Relaxed) as i64,
            ),
            (
                "ingressctl_config_reloads_total",
                "counter",
                "Configuration reloads applied.",
                self.reloads_ok.load(Ordering::Relaxed) as i64,
            ),
            (
                "ingressctl_config_reload_failures_total",
                "counter",
                "Configuration reloads rejected.",
                self.reloads_failed.load(Ordering::Relaxed) as i64,
            ),
            (
                "ingressctl_tls_handshake_failures_total",
                "counter",
                "TLS handshakes that failed or timed out.",
                self.tls_handshake_failures.load(Ordering::Relaxed) as i64,
            ),
        ];
        for (name, kind, help, value) in gauges {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        out
    }
}
