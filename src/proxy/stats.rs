//! Counters for `/stats/prometheus`: requests by route and status, latency histograms,
//! upstream errors, connections, and configuration reloads.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Latency histogram bucket bounds, in milliseconds.
const BUCKETS_MS: [f64; 12] = [
    0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 1000.0, 5000.0, 15000.0,
];

/// The route name requests no route took are counted under.
pub const NO_ROUTE: &str = "(no route)";

/// Distinct statuses a route counts without a lock; rarer ones beyond these share a map.
const STATUS_SLOTS: usize = 8;

/// One route's counters, updated without locks: fixed slots claimed by the first statuses
/// seen, one histogram bucket per request (cumulated when exposed, the count their sum), and
/// the sum of durations.
#[derive(Debug, Default)]
pub struct RouteCounters {
    statuses: [(AtomicU16, AtomicU64); STATUS_SLOTS],
    other_statuses: Mutex<HashMap<u16, u64>>,
    buckets: [AtomicU64; BUCKETS_MS.len() + 1],
    sum_us: AtomicU64,
}

impl RouteCounters {
    /// Records one finished request.
    pub fn record(&self, status: u16, elapsed: Duration) {
        self.count_status(status);
        let ms = elapsed.as_secs_f64() * 1000.0;
        let bucket = BUCKETS_MS
            .iter()
            .position(|bound| ms <= *bound)
            .unwrap_or(BUCKETS_MS.len());
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        let us = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.sum_us.fetch_add(us, Ordering::Relaxed);
    }

    fn count_status(&self, status: u16) {
        for (slot, n) in &self.statuses {
            match slot.compare_exchange(0, status, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => {}
                Err(taken) if taken == status => {}
                Err(_) => continue,
            }
            n.fetch_add(1, Ordering::Relaxed);
            return;
        }
        *self
            .other_statuses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(status)
            .or_default() += 1;
    }

    /// Requests by status, in status order.
    fn by_status(&self) -> Vec<(u16, u64)> {
        let mut all: HashMap<u16, u64> = self
            .other_statuses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        for (slot, n) in &self.statuses {
            let status = slot.load(Ordering::Acquire);
            if status != 0 {
                *all.entry(status).or_default() += n.load(Ordering::Relaxed);
            }
        }
        let mut all: Vec<_> = all.into_iter().filter(|(_, n)| *n > 0).collect();
        all.sort_unstable();
        all
    }
}

/// Process-wide counters.
#[derive(Debug, Default)]
pub struct Stats {
    routes: Mutex<HashMap<String, Arc<RouteCounters>>>,
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
    no_route: std::sync::OnceLock<Arc<RouteCounters>>,
}

impl Stats {
    /// The counters of requests no route took (`(no route)`).
    pub fn no_route(&self) -> &RouteCounters {
        self.no_route.get_or_init(|| self.route(NO_ROUTE))
    }

    /// The counters of the route named `route`, shared by every table that has the route
    /// (taken once per route and table, then used without a lock).
    pub fn route(&self, route: &str) -> Arc<RouteCounters> {
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        match routes.get(route) {
            Some(c) => c.clone(),
            None => routes.entry(route.to_string()).or_default().clone(),
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
        let routes: Vec<(String, Arc<RouteCounters>)> = {
            let map = self.routes.lock().unwrap_or_else(|e| e.into_inner());
            let mut all: Vec<_> = map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            all.sort_by(|a, b| a.0.cmp(&b.0));
            all
        };
        for (name, counters) in &routes {
            for (status, n) in counters.by_status() {
                let _ = writeln!(
                    out,
                    "ingressctl_requests_total{{route=\"{name}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP ingressctl_request_duration_ms Time from request head to response head.\n# TYPE ingressctl_request_duration_ms histogram\n");
        for (name, r) in &routes {
            let mut cumulative = 0;
            for (i, bound) in BUCKETS_MS.iter().enumerate() {
                cumulative += r.buckets[i].load(Ordering::Relaxed);
                let _ = writeln!(
                    out,
                    "ingressctl_request_duration_ms_bucket{{route=\"{name}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let count = cumulative + r.buckets[BUCKETS_MS.len()].load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "ingressctl_request_duration_ms_bucket{{route=\"{name}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "ingressctl_request_duration_ms_sum{{route=\"{name}\"}} {:.3}",
                r.sum_us.load(Ordering::Relaxed) as f64 / 1000.0
            );
            let _ = writeln!(
                out,
                "ingressctl_request_duration_ms_count{{route=\"{name}\"}} {count}"
            );
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_beyond_the_slots_and_buckets_are_all_counted() {
        let stats = Stats::default();
        let route = stats.route("ns/app#0.0");
        for status in 200..(200 + STATUS_SLOTS as u16 + 3) {
            route.record(status, Duration::from_millis(3));
        }
        route.record(200, Duration::from_secs(60));
        assert!(Arc::ptr_eq(&route, &stats.route("ns/app#0.0")));
        let text = stats.prometheus();
        assert!(
            text.contains("route=\"ns/app#0.0\",status=\"200\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("route=\"ns/app#0.0\",status=\"210\"} 1"),
            "{text}"
        );
        assert!(text.contains("le=\"2.5\"} 0"), "{text}");
        assert!(text.contains("le=\"5\"} 11"), "{text}");
        assert!(text.contains("le=\"15000\"} 11"), "{text}");
        assert!(text.contains("le=\"+Inf\"} 12"), "{text}");
        assert!(
            text.contains("duration_ms_count{route=\"ns/app#0.0\"} 12"),
            "{text}"
        );
        assert!(
            text.contains("duration_ms_sum{route=\"ns/app#0.0\"} 60033.000"),
            "{text}"
        );
    }
}
